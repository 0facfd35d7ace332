"""Craon-Renazé (Mayenne): the 2012 CLS studied by the EHESP in 2014, and its renewal in progress.

The 2012 contract was signed by the ARS Pays de la Loire with the communautés de communes du
Pays craonnais and de Saint-Aignan-Renazé, which merged in 2015 with the communauté de la région
de Cossé-le-Vivien into today's communauté de communes du Pays de Craon. Local actors wanted to
structure primary care around the maisons de santé; the ARS steered the contract towards older
people's care pathway (the PAERPA experiment). The renewal is being drafted on the whole
Pays de Craon: diagnosis done, axes drafted, no action signed yet.
"""

ARS = "ars.paysdelaloire@demo.cls"
COORDINATION_2012 = "s.guerin@demo.cls"

# The communes of the former communauté de la région de Cossé-le-Vivien, outside the 2012 contract.
COSSE_LE_VIVIEN = [
    "53011",  # Astillé
    "53075",  # Cosmes
    "53077",  # Cossé-le-Vivien
    "53082",  # Courbeveille
    "53088",  # Cuillé
    "53102",  # Gastines
    "53128",  # Laubrières
    "53151",  # Méral
    "53186",  # Quelaines-Saint-Gault
    "53250",  # Saint-Poix
    "53260",  # Simplé
]

FIRST = {
    "key": "craon-1",
    "title": "CLS de Craon-Renazé 2012-2015",
    "territory": {
        "name": "Pays craonnais et Saint-Aignan-Renazé",
        "kind": "custom",
        "epcis": ["200048551"],
        "exclude": COSSE_LE_VIVIEN,
        "description": "Les communes des communautés de communes du Pays craonnais et de Saint-Aignan-Renazé, fusionnées en 2015 dans le Pays de Craon.",
    },
    "ars": "52",
    "status": "closed",
    "scoping_started_on": "2010-10-01",
    "diagnosis_on": "2011-03-31",
    "signed_on": "2012-06-29",
    "starts_on": "2012-07-01",
    "ends_on": "2015-12-31",
    "summary": (
        "Aboutissement d'une démarche engagée dès 2003 par les médecins libéraux et l'hôpital "
        "local face aux difficultés de la permanence des soins : pôle de santé du Sud-Ouest "
        "Mayennais (2008), maisons de santé adossées à l'hôpital (2011). Le diagnostic pointe le "
        "vieillissement de la population, l'absence d'installation de jeunes médecins et la "
        "fragilité de l'Hôpital du Sud-Ouest Mayennais.\n\n"
        "À la signature, l'ARS a orienté le contrat sur le parcours des personnes âgées "
        "(expérimentation PAERPA), ce que les acteurs locaux, qui souhaitaient une approche "
        "populationnelle plus large, ont jugé frustrant."
    ),
    "linked_schemes": ["prs"],
    "linked_schemes_notes": "Articulé avec l'expérimentation PAERPA en Mayenne.",
    "editor": COORDINATION_2012,
    "reviewer": ARS,
    "signatories": [
        ("cc_craonnais", "signatory", "2012-05-24", "2012-06-29", None),
        ("cc_renaze", "signatory", "2012-05-31", "2012-06-29", None),
        ("ars-52", "signatory", None, "2012-06-29", None),
        ("hsom", "associated", None, "2012-06-29", None),
        ("cd53", "associated", None, "2012-06-29", None),
        ("cpam53", "partner", None, None, None),
        ("msa_mos", "partner", None, None, None),
        ("pole_som", "partner", None, None, None),
    ],
    "coordinators": [
        {
            "person": "cr_coord_1",
            "started_on": "2012-09-01",
            "ended_on": "2015-12-31",
            "fte": "0.5",
            "funders": ["ars-52"],
            "funding_notes": "Coordination financée au titre de l'article 70 (PAERPA) ; animation des groupes de travail financée par le FIR.",
        }
    ],
    "diagnosis": {
        "summary": "Diagnostic établi par un cabinet de consultants et complété par des journées publiques où les habitants ont exprimé leur attachement à une offre de proximité.",
        "completed_on": "2011-03-31",
        "sources": "Diagnostic du cabinet de consultants (2011) ; consultations du SROS 3 ; journées publiques.",
        "findings": [
            (
                "medico_social",
                "Vieillissement de la population",
                "Impose une meilleure coordination du sanitaire et du médico-social.",
            ),
            (
                "access_to_care",
                "Pas d'installation de jeunes médecins",
                "Risque de désertification médicale à moyen terme ; départ de spécialités.",
            ),
            (
                "access_to_care",
                "Hôpital local menacé",
                "L'Hôpital du Sud-Ouest Mayennais, né en 2001 de la fusion des hôpitaux de Craon et Renazé, est menacé de fermeture.",
            ),
        ],
    },
    "axes": [
        {
            "number": 1,
            "title": "Parcours de santé des personnes âgées",
            "objectives": [
                {
                    "number": "1.1",
                    "title": "Éviter les ruptures de parcours des personnes âgées",
                    "children": [
                        {"number": "1.1.1", "title": "Organiser les sorties d'hospitalisation"}
                    ],
                }
            ],
        },
        {
            "number": 2,
            "title": "Structurer l'offre de premier recours autour des maisons de santé",
            "objectives": [
                {
                    "number": "2.1",
                    "title": "Faire travailler ensemble les professionnels du pôle de santé",
                    "children": [
                        {"number": "2.1.1", "title": "Animer des groupes pluriprofessionnels"}
                    ],
                }
            ],
        },
        {
            "number": 3,
            "title": "Rendre le territoire attractif pour les jeunes médecins",
            "objectives": [
                {
                    "number": "3.1",
                    "title": "Accueillir des internes en médecine générale",
                    "children": [{"number": "3.1.1", "title": "Former des maîtres de stage"}],
                }
            ],
        },
    ],
    "actions": [
        {
            "number": "1.1",
            "axis": 1,
            "objectives": ["1.1.1"],
            "title": "Coordonner les sorties d'hospitalisation des personnes âgées",
            "lead": "hsom",
            "lead_person": "cr_coord_1",
            "partners": ["cd53", "pole_som", "msa_mos"],
            "targets": ["older_people", "carers"],
            "determinants": ["access_to_care", "social_ties"],
            "themes": ["medico_social", "coordination"],
            "priority": "high",
            "status": "done",
            "starts_on": "2012-09-01",
            "planned_end_on": "2015-12-31",
            "ended_on": "2015-12-31",
            "updates": [
                (
                    "2015-12-15",
                    COORDINATION_2012,
                    "Protocole de sortie appliqué pour 180 patients en 2015 ; repris par la coordination PAERPA.",
                    "done",
                )
            ],
            "funding": [
                ("ars-52", "fir", 2013, 25000, 25000, 25000),
                ("ars-52", "fir", 2014, 25000, 25000, 25000),
                ("ars-52", "fir", 2015, 25000, 20000, 20000),
            ],
        },
        {
            "number": "2.1",
            "axis": 2,
            "objectives": ["2.1.1"],
            "title": "Animer des groupes de travail pluriprofessionnels au sein du pôle de santé",
            "lead": "pole_som",
            "partners": ["hsom", "ars-52"],
            "targets": ["professionals"],
            "themes": ["access_to_care", "coordination"],
            "status": "done",
            "starts_on": "2012-10-01",
            "planned_end_on": "2015-06-30",
            "ended_on": "2015-06-30",
            "funding": [
                ("ars-52", "fir", 2013, 12000, 12000, 12000),
                ("ars-52", "fir", 2014, 12000, 12000, 12000),
            ],
        },
        {
            "number": "3.1",
            "axis": 3,
            "objectives": ["3.1.1"],
            "title": "Accueillir des internes en médecine générale dans les maisons de santé",
            "lead": "pole_som",
            "partners": ["cc_craonnais", "cc_renaze"],
            "targets": ["professionals"],
            "determinants": ["housing"],
            "themes": ["access_to_care"],
            "status": "done",
            "starts_on": "2013-01-01",
            "planned_end_on": "2015-12-31",
            "ended_on": "2015-11-30",
            "funding": [("cc_craonnais", "collectivite", 2014, 8000, 8000, 8000)],
        },
    ],
    "bodies": [
        {
            "key": "copil",
            "name": "Comité de pilotage du CLS de Craon-Renazé",
            "kind": "copil",
            "organisations": ["ars-52", "cc_craonnais", "cc_renaze", "hsom", "cd53"],
        },
        {
            "key": "gt",
            "name": "Groupes pluriprofessionnels du pôle de santé",
            "kind": "working_group",
            "organisations": ["pole_som", "hsom"],
        },
    ],
    "meetings": [
        {
            "body": "copil",
            "held_on": "2012-10-19",
            "title": "Installation",
            "location": "Craon",
            "organisations": ["ars-52", "cc_craonnais", "cc_renaze", "hsom"],
        },
        {
            "body": "copil",
            "held_on": "2013-11-22",
            "title": "Bilan 2013",
            "location": "Renazé",
            "actions": ["1.1", "2.1"],
        },
        {
            "body": "copil",
            "held_on": "2014-11-14",
            "title": "Bilan 2014",
            "location": "Craon",
            "decisions": "L'ARS annonce la renégociation du contrat selon sa doctrine de fin 2013.",
        },
        {"body": "gt", "held_on": "2013-03-07", "location": "Craon", "actions": ["2.1"]},
    ],
}

CURRENT = {
    "key": "craon-2",
    "predecessor": "craon-1",
    "title": "CLS du Pays de Craon 2027-2031",
    "territory": {
        "name": "Communauté de communes du Pays de Craon",
        "kind": "epci",
        "epcis": ["200048551"],
    },
    "ars": "52",
    "status": "elaboration",
    "scoping_started_on": "2024-09-16",
    "diagnosis_on": "2026-04-30",
    "summary": (
        "Contrat en cours d'élaboration sur les 37 communes du Pays de Craon. Le diagnostic "
        "local de santé, réalisé par l'ORS Pays de la Loire, a été restitué en mai 2026 ; les "
        "quatre axes sont rédigés et les groupes de travail préparent les fiches actions. "
        "Signature envisagée au premier trimestre 2027.\n\n"
        "Ce second contrat répond aux attentes exprimées en 2012 : une approche "
        "populationnelle, la prévention et le premier recours, et plus seulement le parcours "
        "des personnes âgées."
    ),
    "linked_schemes": ["prs", "cpts"],
    "linked_schemes_notes": "PRS Pays de la Loire 2023-2028 ; CPTS du Sud-Ouest Mayennais en projet.",
    "is_public": False,
    "editor": "coordination.craon@demo.cls",
    "reviewer": ARS,
    "signatories": [
        ("cc_craon", "signatory", None, None, None),
        ("ars-52", "signatory", None, None, None),
        ("cd53", "associated", None, None, None),
        ("pref53", "associated", None, None, None),
        ("cpam53", "associated", None, None, None),
        ("msa_mos", "associated", None, None, None),
        ("hsom", "associated", None, None, None),
        ("pole_som", "partner", None, None, None),
        ("ors_pdl", "partner", None, None, None),
    ],
    "coordinators": [
        {
            "person": "cr_coord_2",
            "started_on": "2024-10-01",
            "fte": "0.6",
            "funders": ["ars-52", "cc_craon"],
            "funding_notes": "Poste cofinancé par le FIR (50 %) et la communauté de communes (50 %).",
        }
    ],
    "diagnosis": {
        "summary": "Diagnostic quantitatif (données de santé, offre de soins) et qualitatif (quatre ateliers avec 85 habitants et professionnels) réalisé par l'ORS Pays de la Loire.",
        "carried_out_by": "ors_pdl",
        "completed_on": "2026-04-30",
        "sources": "SNDS 2024 ; RPPS 2025 ; INSEE RP 2021 ; ateliers participatifs (janvier-mars 2026).",
        "findings": [
            (
                "access_to_care",
                "6,4 médecins généralistes pour 10 000 habitants",
                "Nettement sous la moyenne régionale ; trois maisons de santé actives.",
            ),
            (
                "prevention",
                "Faible recours aux dépistages",
                "Participation au dépistage du cancer colorectal de 27 %.",
            ),
            (
                "mental_health",
                "Mal-être des jeunes et des agriculteurs",
                "Signalements en hausse par les établissements scolaires et la MSA.",
            ),
            (
                "medico_social",
                "Parcours des personnes âgées mieux structuré",
                "Acquis de l'expérimentation PAERPA à consolider.",
            ),
            (
                "health_environment",
                "Logements anciens et précarité énergétique",
                "Un logement sur six construit avant 1950 et mal isolé.",
            ),
        ],
    },
    "axes": [
        {
            "number": 1,
            "title": "Premier recours et attractivité pour les professionnels",
            "objectives": [
                {
                    "number": "1.1",
                    "title": "Conforter les maisons de santé et l'exercice coordonné",
                    "children": [
                        {"number": "1.1.1", "title": "Accompagner la création de la CPTS"},
                        {"number": "1.1.2", "title": "Accueillir davantage d'internes"},
                    ],
                }
            ],
        },
        {
            "number": 2,
            "title": "Prévention et promotion de la santé",
            "objectives": [
                {
                    "number": "2.1",
                    "title": "Augmenter la participation aux dépistages",
                    "children": [{"number": "2.1.1", "title": "Aller vers les publics éloignés"}],
                }
            ],
        },
        {
            "number": 3,
            "title": "Santé mentale des jeunes et des agriculteurs",
            "objectives": [
                {
                    "number": "3.1",
                    "title": "Repérer et orienter les personnes en souffrance psychique",
                }
            ],
        },
        {
            "number": 4,
            "title": "Bien vieillir au Pays de Craon",
            "objectives": [
                {
                    "number": "4.1",
                    "title": "Pérenniser la coordination du parcours des personnes âgées",
                }
            ],
        },
    ],
    "bodies": [
        {
            "key": "copil",
            "name": "Comité de pilotage de l'élaboration",
            "kind": "copil",
            "organisations": ["ars-52", "cc_craon", "cd53", "cpam53", "hsom"],
            "members": ["ars_pdl", "cr_coord_2", "cr_hsom"],
        },
        {
            "key": "gt1",
            "name": "Groupe de travail « Premier recours »",
            "kind": "working_group",
            "organisations": ["pole_som", "hsom", "cpam53"],
            "members": ["cr_coord_2", "cr_hsom"],
        },
        {
            "key": "gt2",
            "name": "Groupe de travail « Prévention et santé mentale »",
            "kind": "working_group",
            "organisations": ["msa_mos", "cd53"],
            "members": ["cr_coord_2"],
        },
    ],
    "meetings": [
        {
            "body": "copil",
            "held_on": "2025-01-17",
            "title": "Lancement de la démarche",
            "location": "Craon",
            "organisations": ["ars-52", "cc_craon", "cd53", "hsom"],
            "attendees": ["ars_pdl", "cr_coord_2"],
        },
        {
            "body": "copil",
            "held_on": "2026-05-22",
            "title": "Restitution du diagnostic",
            "location": "Craon",
            "decisions": "Quatre axes retenus ; groupes de travail chargés des fiches actions d'ici novembre.",
            "organisations": ["ars-52", "cc_craon", "cd53", "cpam53", "hsom", "ors_pdl"],
            "attendees": ["ars_pdl", "cr_coord_2", "cr_hsom"],
        },
        {
            "body": "gt1",
            "held_on": "2026-09-15",
            "location": "Renazé",
            "attendees": ["cr_coord_2", "cr_hsom"],
        },
        {
            "body": "gt2",
            "held_on": "2026-10-13",
            "location": "Cossé-le-Vivien",
            "attendees": ["cr_coord_2"],
        },
    ],
}

CONTRACTS = [FIRST, CURRENT]
