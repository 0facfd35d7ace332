"""The demo's content, as data: organisations, people, accounts, indicator catalogue, places.

The places and institutions are real (the five CLS studied in `../shared/seeds/`); every person
is fictional. The contracts themselves live in `demo/places/`, one YAML file per territory, listed
in `PLACES`. Every record names its fields; `demo.specs` reads them all and checks them.

`DEMO_PASSWORD` and `ACCOUNTS` are what the README lists for visitors.
"""

from actors.enums import MembershipRole, OrganisationKind

DEMO_PASSWORD = "cls-demo-2026"

K = OrganisationKind

# Organisations by key; the ARS are created from the régions and referred to as "ars-<code>".
ORGANISATIONS = {
    # Morbihan, Belle-Île-en-Mer
    "ccbi": {
        "name": "Communauté de communes de Belle-Île-en-Mer",
        "acronym": "CCBI",
        "kind": K.EPCI,
        "epci": "245600465",
        "departement": "56",
        "commune": "56152",
    },
    "cd56": {
        "name": "Conseil départemental du Morbihan",
        "kind": K.DEPARTEMENT,
        "departement": "56",
    },
    "pref56": {"name": "Préfecture du Morbihan", "kind": K.PREFECTURE, "departement": "56"},
    "cpam56": {"name": "CPAM du Morbihan", "kind": K.CPAM, "departement": "56"},
    "msa_pdb": {"name": "MSA Portes de Bretagne", "kind": K.MSA, "region": "53"},
    "ch_bi": {
        "name": "Centre hospitalier de Belle-Île-en-Mer",
        "kind": K.HOSPITAL,
        "commune": "56152",
    },
    "msp_bi": {
        "name": "Maison de santé pluriprofessionnelle de Belle-Île-en-Mer",
        "acronym": "MSP de Belle-Île",
        "kind": K.MSP,
        "commune": "56152",
    },
    "sdis56": {
        "name": "Service départemental d'incendie et de secours du Morbihan",
        "acronym": "SDIS 56",
        "kind": K.OTHER,
        "departement": "56",
    },
    "ors_bzh": {
        "name": "Observatoire régional de la santé Bretagne",
        "acronym": "ORS Bretagne",
        "kind": K.ASSOCIATION,
        "region": "53",
    },
    "ps_bzh": {
        "name": "Promotion Santé Bretagne",
        "kind": K.ASSOCIATION,
        "region": "53",
    },
    # Finistère, Pays de Morlaix
    "pays_morlaix": {
        "name": "Pays de Morlaix",
        "kind": K.OTHER,
        "departement": "29",
        "commune": "29151",
    },
    "morlaix_co": {
        "name": "Morlaix Communauté",
        "kind": K.EPCI,
        "epci": "242900835",
        "departement": "29",
        "commune": "29151",
    },
    "haut_leon": {
        "name": "Haut-Léon Communauté",
        "kind": K.EPCI,
        "epci": "200067072",
        "departement": "29",
    },
    "landivisiau": {
        "name": "Communauté de communes du Pays de Landivisiau",
        "kind": K.EPCI,
        "epci": "242900751",
        "departement": "29",
    },
    "cd29": {
        "name": "Conseil départemental du Finistère",
        "kind": K.DEPARTEMENT,
        "departement": "29",
    },
    "pref29": {"name": "Préfecture du Finistère", "kind": K.PREFECTURE, "departement": "29"},
    "cpam29": {"name": "CPAM du Finistère", "kind": K.CPAM, "departement": "29"},
    "caf29": {"name": "CAF du Finistère", "kind": K.CAF, "departement": "29"},
    "msa_armorique": {"name": "MSA d'Armorique", "kind": K.MSA, "region": "53"},
    "chpm": {
        "name": "Centre hospitalier des Pays de Morlaix",
        "kind": K.HOSPITAL,
        "commune": "29151",
    },
    "dsden29": {
        "name": "Direction des services départementaux de l'Éducation nationale du Finistère",
        "acronym": "DSDEN 29",
        "kind": K.EDUCATION,
        "departement": "29",
    },
    # Mayenne, Craon-Renazé
    "cc_craon": {
        "name": "Communauté de communes du Pays de Craon",
        "kind": K.EPCI,
        "epci": "200048551",
        "departement": "53",
        "commune": "53084",
    },
    # The two communautés that signed in 2012 merged into the Pays de Craon in 2015.
    "cc_craonnais": {
        "name": "Communauté de communes du Pays craonnais",
        "kind": K.EPCI,
        "departement": "53",
        "commune": "53084",
    },
    "cc_renaze": {
        "name": "Communauté de communes de Saint-Aignan-Renazé",
        "kind": K.EPCI,
        "departement": "53",
        "commune": "53188",
    },
    "hsom": {
        "name": "Hôpital du Sud-Ouest Mayennais",
        "acronym": "HSOM",
        "kind": K.HOSPITAL,
        "commune": "53084",
    },
    "pole_som": {
        "name": "Pôle de santé du Sud-Ouest Mayennais",
        "kind": K.MSP,
        "commune": "53084",
    },
    "cd53": {
        "name": "Conseil départemental de la Mayenne",
        "kind": K.DEPARTEMENT,
        "departement": "53",
    },
    "cpam53": {"name": "CPAM de la Mayenne", "kind": K.CPAM, "departement": "53"},
    "msa_mos": {"name": "MSA Mayenne-Orne-Sarthe", "kind": K.MSA, "region": "52"},
    "pref53": {"name": "Préfecture de la Mayenne", "kind": K.PREFECTURE, "departement": "53"},
    "ors_pdl": {
        "name": "Observatoire régional de la santé Pays de la Loire",
        "acronym": "ORS Pays de la Loire",
        "kind": K.ASSOCIATION,
        "region": "52",
    },
    # Meurthe-et-Moselle, Terres de Lorraine
    "pays_tdl": {
        "name": "Pays Terres de Lorraine",
        "kind": K.OTHER,
        "departement": "54",
        "commune": "54528",
    },
    "cc_toul": {
        "name": "Communauté de communes Terres Touloises",
        "kind": K.EPCI,
        "epci": "200070563",
        "departement": "54",
    },
    "cc_madon": {
        "name": "Communauté de communes Moselle et Madon",
        "kind": K.EPCI,
        "epci": "245400171",
        "departement": "54",
    },
    "cc_saintois": {
        "name": "Communauté de communes du Pays du Saintois",
        "kind": K.EPCI,
        "epci": "200035772",
        "departement": "54",
    },
    "cc_colombey": {
        "name": "Communauté de communes du Pays de Colombey et du Sud Toulois",
        "kind": K.EPCI,
        "epci": "245400510",
        "departement": "54",
    },
    "cd54": {
        "name": "Conseil départemental de Meurthe-et-Moselle",
        "kind": K.DEPARTEMENT,
        "departement": "54",
    },
    "pref54": {
        "name": "Préfecture de Meurthe-et-Moselle",
        "kind": K.PREFECTURE,
        "departement": "54",
    },
    "cpam54": {"name": "CPAM de Meurthe-et-Moselle", "kind": K.CPAM, "departement": "54"},
    "msa_lorraine": {"name": "MSA Lorraine", "kind": K.MSA, "region": "44"},
    "ch_toul": {
        "name": "Centre hospitalier de Toul",
        "kind": K.HOSPITAL,
        "commune": "54528",
    },
    "chru_nancy": {"name": "CHRU de Nancy", "kind": K.HOSPITAL, "commune": "54395"},
    "urps_ml_ge": {
        "name": "URPS Médecins libéraux Grand Est",
        "kind": K.ASSOCIATION,
        "region": "44",
    },
    # Charente, Pays Ruffécois
    "petr_ruffecois": {
        "name": "PETR du Pays Ruffécois",
        "kind": K.OTHER,
        "departement": "16",
        "commune": "16292",
    },
    "cc_val_charente": {
        "name": "Communauté de communes Val de Charente",
        "kind": K.EPCI,
        "epci": "200043016",
        "departement": "16",
    },
    "cc_coeur_charente": {
        "name": "Communauté de communes Cœur de Charente",
        "kind": K.EPCI,
        "epci": "200072023",
        "departement": "16",
    },
    "cd16": {
        "name": "Conseil départemental de la Charente",
        "kind": K.DEPARTEMENT,
        "departement": "16",
    },
    "pref16": {"name": "Préfecture de la Charente", "kind": K.PREFECTURE, "departement": "16"},
    "cpam16": {"name": "CPAM de la Charente", "kind": K.CPAM, "departement": "16"},
    "caf16": {"name": "CAF de la Charente", "kind": K.CAF, "departement": "16"},
    "msa_charentes": {"name": "MSA des Charentes", "kind": K.MSA, "region": "75"},
    "hopital_ruffec": {"name": "Hôpital de Ruffec", "kind": K.HOSPITAL, "commune": "16292"},
    "actiom": {
        "name": "Association ACTIOM",
        "acronym": "ACTIOM",
        "kind": K.ASSOCIATION,
    },
}

# Fictional people, by key. Names are invented; job titles are those such contracts name.
PEOPLE = {
    # ARS
    "ars_bzh": {
        "first_name": "Gaëlle",
        "last_name": "Morvan",
        "job_title": "Chargée de mission contrats locaux de santé, délégation départementale du Morbihan",
        "organisation": "ars-53",
        "email": "ars.bretagne@demo.cls",
    },
    "ars_dd29": {
        "first_name": "Yannick",
        "last_name": "Pennec",
        "job_title": "Chargé de mission animation territoriale de santé, délégation du Finistère",
        "organisation": "ars-53",
    },
    "ars_pdl": {
        "first_name": "Hélène",
        "last_name": "Jubin",
        "job_title": "Chargée de mission CLS, délégation territoriale de la Mayenne",
        "organisation": "ars-52",
        "email": "ars.paysdelaloire@demo.cls",
    },
    "ars_ge": {
        "first_name": "Olivier",
        "last_name": "Thiébaut",
        "job_title": "Chargé de mission, délégation territoriale de Meurthe-et-Moselle",
        "organisation": "ars-44",
    },
    "ars_na": {
        "first_name": "Laure",
        "last_name": "Barraud",
        "job_title": "Chargée de mission, délégation départementale de la Charente",
        "organisation": "ars-75",
    },
    # Belle-Île-en-Mer
    "bi_coord": {
        "first_name": "Maëlle",
        "last_name": "Guillou",
        "job_title": "Coordinatrice du contrat local de santé",
        "organisation": "ccbi",
        "email": "coordination.belle-ile@demo.cls",
    },
    "bi_pilote": {
        "first_name": "Erwan",
        "last_name": "Kervella",
        "job_title": "Cadre de santé, référent de la plateforme de premier recours",
        "organisation": "ch_bi",
        "email": "pilote.belle-ile@demo.cls",
    },
    "bi_elu": {
        "first_name": "Françoise",
        "last_name": "Tanguy",
        "job_title": "Vice-présidente chargée de la santé et des solidarités",
        "organisation": "ccbi",
        "email": "elu.belle-ile@demo.cls",
    },
    "bi_president": {
        "first_name": "Loïc",
        "last_name": "Le Naour",
        "job_title": "Président de la communauté de communes",
        "organisation": "ccbi",
    },
    "bi_msp": {
        "first_name": "Julien",
        "last_name": "Caradec",
        "job_title": "Médecin généraliste, coordonnateur de la maison de santé",
        "organisation": "msp_bi",
    },
    "bi_cd56": {
        "first_name": "Isabelle",
        "last_name": "Le Corre",
        "job_title": "Responsable de l'espace autonomie seniors du pays d'Auray",
        "organisation": "cd56",
    },
    "ors_bzh": {
        "first_name": "Nicolas",
        "last_name": "Rouxel",
        "job_title": "Chargé d'études",
        "organisation": "ors_bzh",
        "email": "partenaire@demo.cls",
    },
    # Pays de Morlaix
    "mx_coord_1": {
        "first_name": "Solène",
        "last_name": "Quéré",
        "job_title": "Coordinatrice du CLS (2019-2022)",
        "organisation": "pays_morlaix",
        "email": "s.quere@demo.cls",
    },
    "mx_coord_2": {
        "first_name": "Bastien",
        "last_name": "Le Roux",
        "job_title": "Coordinateur du CLS (2023-2026)",
        "organisation": "pays_morlaix",
        "email": "coordination.morlaix@demo.cls",
    },
    "mx_animatrice": {
        "first_name": "Léa",
        "last_name": "Cornec",
        "job_title": "Animatrice santé",
        "organisation": "morlaix_co",
    },
    "mx_chpm": {
        "first_name": "Hélène",
        "last_name": "Abgrall",
        "job_title": "Psychiatre, responsable de l'équipe mobile psychiatrie-précarité",
        "organisation": "chpm",
    },
    # Craon
    "cr_coord_1": {
        "first_name": "Sylvie",
        "last_name": "Guérin",
        "job_title": "Coordinatrice du parcours des personnes âgées (2012-2015)",
        "organisation": "hsom",
        "email": "s.guerin@demo.cls",
    },
    "cr_coord_2": {
        "first_name": "Pauline",
        "last_name": "Chauvin",
        "job_title": "Chargée de mission santé",
        "organisation": "cc_craon",
        "email": "coordination.craon@demo.cls",
    },
    "cr_hsom": {
        "first_name": "Marc",
        "last_name": "Fouquet",
        "job_title": "Directeur délégué",
        "organisation": "hsom",
    },
    # Terres de Lorraine
    "tl_coord": {
        "first_name": "Aurélie",
        "last_name": "Mangin",
        "job_title": "Coordinatrice santé du Pays Terres de Lorraine",
        "organisation": "pays_tdl",
        "email": "coordination.terres-de-lorraine@demo.cls",
    },
    "tl_ch": {
        "first_name": "Sandrine",
        "last_name": "Collignon",
        "job_title": "Praticienne hospitalière, référente ville-hôpital",
        "organisation": "ch_toul",
    },
    # Pays Ruffécois
    "rf_coord": {
        "first_name": "Thibault",
        "last_name": "Sabourin",
        "job_title": "Chargé de mission santé, sport et solidarité",
        "organisation": "petr_ruffecois",
        "email": "coordination.ruffecois@demo.cls",
    },
    "rf_actiom": {
        "first_name": "Nadia",
        "last_name": "Ferchaud",
        "job_title": "Conseillère mutuelle",
        "organisation": "actiom",
    },
}

# The accounts a visitor may log in with, one per role of `DESIGN.md` §5.
ACCOUNTS = [
    {
        "email": "admin@demo.cls",
        "first_name": "Claire",
        "last_name": "Vasseur",
        "role": "Administratrice nationale : voit et modifie tout, gère le référentiel et les comptes",
        "password": DEMO_PASSWORD,
        "is_staff": True,
        "is_superuser": True,
    },
    {
        "email": "ars.bretagne@demo.cls",
        "first_name": "Gaëlle",
        "last_name": "Morvan",
        "role": "Agente de l'ARS Bretagne : tous les contrats de la région, validation des valeurs",
        "password": DEMO_PASSWORD,
        "person": "ars_bzh",
        "memberships": [
            {"organisation": "ars-53", "role": MembershipRole.ARS_STAFF, "started_on": "2021-09-01"}
        ],
    },
    {
        "email": "ars.paysdelaloire@demo.cls",
        "first_name": "Hélène",
        "last_name": "Jubin",
        "role": "Agente de l'ARS Pays de la Loire : contrats de la région (dont Pays de Craon)",
        "password": DEMO_PASSWORD,
        "person": "ars_pdl",
        "memberships": [
            {"organisation": "ars-52", "role": MembershipRole.ARS_STAFF, "started_on": "2019-03-01"}
        ],
    },
    {
        "email": "coordination.belle-ile@demo.cls",
        "first_name": "Maëlle",
        "last_name": "Guillou",
        "role": "Coordinatrice du CLS de Belle-Île-en-Mer 2024-2028 : actions, valeurs, réunions",
        "password": DEMO_PASSWORD,
        "person": "bi_coord",
    },
    {
        "email": "pilote.belle-ile@demo.cls",
        "first_name": "Erwan",
        "last_name": "Kervella",
        "role": "Pilote de la fiche action 1.2 du CLS de Belle-Île-en-Mer (centre hospitalier)",
        "password": DEMO_PASSWORD,
        "person": "bi_pilote",
        "memberships": [
            {"organisation": "ch_bi", "role": MembershipRole.MEMBER, "started_on": "2024-01-01"}
        ],
    },
    {
        "email": "elu.belle-ile@demo.cls",
        "first_name": "Françoise",
        "last_name": "Tanguy",
        "role": "Élue de la communauté de communes de Belle-Île-en-Mer (signataire) : lecture",
        "password": DEMO_PASSWORD,
        "person": "bi_elu",
        "memberships": [
            {"organisation": "ccbi", "role": MembershipRole.MEMBER, "started_on": "2020-07-15"}
        ],
    },
    {
        "email": "partenaire@demo.cls",
        "first_name": "Nicolas",
        "last_name": "Rouxel",
        "role": "Partenaire (ORS Bretagne) : lecture par l'API des contrats dont il est partenaire",
        "password": DEMO_PASSWORD,
        "person": "ors_bzh",
        "memberships": [
            {"organisation": "ors_bzh", "role": MembershipRole.PARTNER, "started_on": "2023-01-01"}
        ],
    },
]

# Other coordinators have an account so that their notes and values have an author; it has no
# usable password: nobody logs in with it.
ACCOUNTS_WITHOUT_LOGIN = [
    {
        "email": PEOPLE[key]["email"],
        "first_name": PEOPLE[key]["first_name"],
        "last_name": PEOPLE[key]["last_name"],
        "person": key,
    }
    for key in ("mx_coord_1", "mx_coord_2", "cr_coord_1", "cr_coord_2", "tl_coord", "rf_coord")
]

# A small national catalogue of indicators: few, typed, each with a source and a scale.
CATALOGUE = [
    {
        "code": "CLS-P01",
        "name": "Nombre de réunions du comité de pilotage",
        "description": "Réunions plénières du COPIL tenues dans l'année (bilan annuel compris).",
        "kind": "process",
        "unit": "réunions",
        "min_value": 0,
        "max_value": 12,
        "source": "Rapport d'activité",
        "geographic_level": "territory",
        "periodicity": "year",
    },
    {
        "code": "CLS-P02",
        "name": "Part des fiches actions engagées",
        "description": "Fiches actions en cours ou réalisées rapportées aux fiches actions du contrat.",
        "kind": "process",
        "unit": "%",
        "decimals": 1,
        "min_value": 0,
        "max_value": 100,
        "source": "Plateforme CLS",
        "geographic_level": "territory",
        "periodicity": "year",
        "numerator_label": "Fiches actions en cours ou réalisées",
        "denominator_label": "Fiches actions du contrat",
    },
    {
        "code": "CLS-P03",
        "name": "Nombre de participants aux actions de prévention",
        "description": "Personnes ayant participé au moins une fois à une action collective.",
        "kind": "process",
        "unit": "personnes",
        "min_value": 0,
        "source": "Rapport d'activité",
        "geographic_level": "territory",
        "periodicity": "quarter",
    },
    {
        "code": "CLS-P04",
        "name": "Nombre de professionnels formés",
        "description": "Professionnels de santé, du social ou bénévoles ayant suivi une formation du contrat (gestes d'urgence, premiers secours en santé mentale…).",
        "kind": "process",
        "unit": "personnes",
        "min_value": 0,
        "source": "Rapport d'activité",
        "geographic_level": "territory",
        "periodicity": "semester",
    },
    {
        "code": "CLS-P05",
        "name": "Nombre de tests de dépistage réalisés",
        "description": "Tests réalisés dans les centres et opérations de dépistage organisés par le contrat.",
        "kind": "process",
        "unit": "tests",
        "min_value": 0,
        "source": "SI-DEP",
        "geographic_level": "territory",
        "periodicity": "quarter",
    },
    {
        "code": "CLS-P06",
        "name": "Nombre de masques distribués",
        "description": "Masques remis aux professionnels de santé, aux aides à domicile et aux publics fragiles.",
        "kind": "process",
        "unit": "masques",
        "min_value": 0,
        "source": "Rapport d'activité",
        "geographic_level": "territory",
        "periodicity": "quarter",
    },
    {
        "code": "CLS-R01",
        "name": "Densité de médecins généralistes libéraux",
        "description": "Médecins généralistes libéraux installés pour 10 000 habitants.",
        "kind": "result",
        "unit": "pour 10 000 hab.",
        "decimals": 1,
        "min_value": 0,
        "max_value": 100,
        "source": "RPPS / INSEE",
        "geographic_level": "epci",
        "periodicity": "year",
    },
    {
        "code": "CLS-R02",
        "name": "Part des 17 ans et plus sans médecin traitant",
        "kind": "result",
        "unit": "%",
        "decimals": 1,
        "direction": "down",
        "min_value": 0,
        "max_value": 100,
        "source": "CPAM",
        "geographic_level": "epci",
        "periodicity": "semester",
        "numerator_label": "Assurés de 17 ans et plus sans médecin traitant déclaré",
        "denominator_label": "Assurés de 17 ans et plus",
    },
    {
        "code": "CLS-R03",
        "name": "Taux de participation au dépistage organisé du cancer du sein",
        "kind": "result",
        "unit": "%",
        "decimals": 1,
        "min_value": 0,
        "max_value": 100,
        "source": "SNDS",
        "geographic_level": "epci",
        "periodicity": "year",
        "numerator_label": "Femmes de 50 à 74 ans dépistées sur deux ans",
        "denominator_label": "Femmes de 50 à 74 ans",
    },
    {
        "code": "CLS-R04",
        "name": "Couverture vaccinale contre la grippe des 65 ans et plus",
        "kind": "result",
        "unit": "%",
        "decimals": 1,
        "min_value": 0,
        "max_value": 100,
        "source": "SNDS",
        "geographic_level": "epci",
        "periodicity": "year",
    },
    {
        "code": "CLS-R05",
        "name": "Nombre d'adhérents à la mutuelle communale ou solidaire",
        "kind": "result",
        "unit": "adhérents",
        "min_value": 0,
        "source": "Rapport d'activité",
        "geographic_level": "territory",
        "periodicity": "year",
    },
    {
        "code": "CLS-R06",
        "name": "Nombre de personnes âgées repérées et orientées",
        "description": "Personnes de 75 ans et plus repérées fragiles et orientées vers une évaluation ou un accompagnement.",
        "kind": "result",
        "unit": "personnes",
        "min_value": 0,
        "source": "Rapport d'activité",
        "geographic_level": "territory",
        "periodicity": "year",
    },
    {
        "code": "CLS-I01",
        "name": "Taux standardisé de mortalité prématurée",
        "description": "Décès avant 65 ans pour 100 000 habitants, standardisé sur l'âge (moyenne glissante sur 3 ans).",
        "kind": "impact",
        "unit": "pour 100 000 hab.",
        "decimals": 1,
        "direction": "down",
        "min_value": 0,
        "source": "INSEE / CépiDc-Inserm",
        "geographic_level": "territory",
        "periodicity": "year",
    },
    {
        "code": "CLS-I02",
        "name": "Taux d'hospitalisations potentiellement évitables des 75 ans et plus",
        "kind": "impact",
        "unit": "‰",
        "decimals": 1,
        "direction": "down",
        "min_value": 0,
        "max_value": 1000,
        "source": "PMSI (ATIH)",
        "geographic_level": "departement",
        "periodicity": "year",
    },
]

# The files of `demo/places/`, in the order their contracts are created.
PLACES = ["belle_ile", "craon", "morlaix", "terres_de_lorraine", "ruffecois"]
