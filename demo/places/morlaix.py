"""Pays de Morlaix (Finistère): a CLS carried by the Pays on four axes, and its renewal.

The Pays de Morlaix groups Morlaix Communauté, Haut-Léon Communauté and the communauté de
communes du Pays de Landivisiau. Its CLS has four axes: prevention and health promotion, access
to care, support for vulnerable people and carers, innovation and citizen participation.
The renewal illustrates turnover: its coordinator left at the end of June 2026 and nobody has
been named since, so the contract has no coordinator and no COPIL in the last twelve months.
"""

ARS = "ars.bretagne@demo.cls"
COORDINATION_1 = "s.quere@demo.cls"
COORDINATION_2 = "coordination.morlaix@demo.cls"

TERRITORY = {
    "name": "Pays de Morlaix",
    "kind": "pays_petr",
    "epcis": ["242900835", "200067072", "242900751"],
    "description": "Morlaix Communauté, Haut-Léon Communauté et la communauté de communes du Pays de Landivisiau.",
}
SIGNATORIES = ["pays_morlaix", "morlaix_co", "haut_leon", "landivisiau"]

AXES = [
    {
        "number": 1,
        "title": "Prévention et promotion de la santé",
        "objectives": [
            {
                "number": "1.1",
                "title": "Agir tôt sur les comportements favorables à la santé",
                "children": [
                    {
                        "number": "1.1.1",
                        "title": "Développer les compétences psychosociales des jeunes",
                    },
                    {
                        "number": "1.1.2",
                        "title": "Augmenter la participation aux dépistages organisés",
                    },
                ],
            }
        ],
    },
    {
        "number": 2,
        "title": "Accès aux soins",
        "objectives": [
            {
                "number": "2.1",
                "title": "Maintenir et renouveler l'offre de premier recours",
                "children": [
                    {"number": "2.1.1", "title": "Accueillir les internes et les jeunes médecins"},
                    {"number": "2.1.2", "title": "Rapprocher les consultations spécialisées"},
                ],
            }
        ],
    },
    {
        "number": 3,
        "title": "Accompagnement des populations vulnérables et des aidants",
        "objectives": [
            {
                "number": "3.1",
                "title": "Prévenir l'épuisement des aidants et l'exclusion des plus fragiles",
                "children": [
                    {"number": "3.1.1", "title": "Offrir du répit aux aidants"},
                    {
                        "number": "3.1.2",
                        "title": "Repérer les situations d'incurie et de non-recours",
                    },
                ],
            }
        ],
    },
    {
        "number": 4,
        "title": "Innovation et participation citoyenne",
        "objectives": [
            {
                "number": "4.1",
                "title": "Associer les habitants aux décisions de santé",
                "children": [
                    {"number": "4.1.1", "title": "Faire vivre un conseil citoyen de santé"}
                ],
            }
        ],
    },
]

FIRST = {
    "key": "morlaix-1",
    "title": "CLS du Pays de Morlaix 2019-2022",
    "territory": TERRITORY,
    "ars": "53",
    "status": "closed",
    "scoping_started_on": "2018-01-15",
    "diagnosis_on": "2018-12-14",
    "signed_on": "2019-06-28",
    "starts_on": "2019-07-01",
    "ends_on": "2022-12-31",
    "summary": (
        "Porté par le Pays de Morlaix, le contrat est à la fois un outil de mobilisation des "
        "acteurs, de démocratie sanitaire et sociale, de déclinaison des politiques de santé, "
        "de lien entre les collectivités du Pays et avec les territoires voisins. Un binôme "
        "d'animation (ARS et animatrice santé du Pays) assure la transmission entre les "
        "décideurs et le terrain. La crise sanitaire de 2020 a suspendu plusieurs actions."
    ),
    "linked_schemes": ["prs", "clsm"],
    "linked_schemes_notes": "Conseil local de santé mentale de Morlaix Communauté ; PRS Bretagne 2018-2022.",
    "editor": COORDINATION_1,
    "reviewer": ARS,
    "signatories": [
        *[(key, "signatory", "2019-05-16", "2019-06-28", None) for key in SIGNATORIES],
        ("ars-53", "signatory", None, "2019-06-28", None),
        ("cd29", "associated", "2019-05-20", "2019-06-28", None),
        ("pref29", "associated", None, "2019-06-28", None),
        ("cpam29", "associated", None, "2019-06-28", None),
        ("msa_armorique", "associated", None, "2019-06-28", None),
        ("chpm", "associated", None, "2019-06-28", None),
    ],
    "coordinators": [
        {
            "person": "mx_coord_1",
            "started_on": "2019-07-01",
            "ended_on": "2022-12-31",
            "fte": "1",
            "funders": ["ars-53", "pays_morlaix"],
        }
    ],
    "diagnosis": {
        "summary": "Diagnostic partagé du Pays de Morlaix : une population plus âgée que la moyenne bretonne, une mortalité par suicide élevée, des médecins généralistes vieillissants.",
        "carried_out_by": "ors_bzh",
        "completed_on": "2018-12-14",
        "sources": "ORS Bretagne, tableau de bord santé du Pays de Morlaix (2018).",
        "findings": [
            ("mental_health", "Mortalité par suicide supérieure à la moyenne nationale", ""),
            ("access_to_care", "Un médecin généraliste sur trois a plus de 60 ans", ""),
            ("medico_social", "Aidants isolés en milieu rural", ""),
        ],
    },
    "axes": AXES,
    "actions": [
        {
            "number": "1.1",
            "axis": 1,
            "objectives": ["1.1.1"],
            "title": "Programme de compétences psychosociales dans les écoles",
            "lead": "pays_morlaix",
            "partners": ["dsden29", "ps_bzh"],
            "targets": ["children", "parents"],
            "determinants": ["education", "behaviours"],
            "themes": ["prevention", "mental_health"],
            "status": "done",
            "starts_on": "2019-09-01",
            "planned_end_on": "2022-06-30",
            "ended_on": "2022-06-30",
            "funding": [
                ("ars-53", "fir", 2020, 15000, 15000, 15000),
                ("ars-53", "fir", 2021, 15000, 15000, 15000),
            ],
        },
        {
            "number": "2.1",
            "axis": 2,
            "objectives": ["2.1.1"],
            "title": "Accueillir les internes en médecine générale",
            "lead": "morlaix_co",
            "partners": ["chpm", "cpam29"],
            "targets": ["professionals"],
            "determinants": ["housing"],
            "themes": ["access_to_care"],
            "status": "done",
            "starts_on": "2019-11-01",
            "planned_end_on": "2022-12-31",
            "ended_on": "2022-12-31",
            "updates": [
                (
                    "2022-12-16",
                    COORDINATION_1,
                    "24 internes accueillis sur la durée du contrat ; 3 installations.",
                    "done",
                )
            ],
        },
        {
            "number": "3.1",
            "axis": 3,
            "objectives": ["3.1.1"],
            "title": "Plateforme de répit pour les aidants",
            "lead": "cd29",
            "partners": ["msa_armorique", "pays_morlaix"],
            "targets": ["carers", "older_people"],
            "determinants": ["social_ties"],
            "themes": ["medico_social"],
            "status": "done",
            "starts_on": "2020-01-01",
            "planned_end_on": "2022-12-31",
            "ended_on": "2022-12-31",
        },
        {
            "number": "4.1",
            "axis": 4,
            "objectives": ["4.1.1"],
            "title": "Créer un conseil citoyen de santé",
            "lead": "pays_morlaix",
            "targets": ["general_population"],
            "themes": ["coordination"],
            "participation": "co_construction",
            "status": "abandoned",
            "starts_on": "2020-01-01",
            "planned_end_on": "2021-12-31",
            "ended_on": "2020-10-30",
            "updates": [
                (
                    "2020-10-30",
                    COORDINATION_1,
                    "Réunions publiques impossibles pendant la crise sanitaire : action reportée au prochain contrat.",
                    "abandoned",
                )
            ],
        },
    ],
    "bodies": [
        {
            "key": "copil",
            "name": "Comité de pilotage du CLS (2019-2022)",
            "kind": "copil",
            "organisations": ["ars-53", *SIGNATORIES, "cd29"],
        },
        {
            "key": "commission",
            "name": "Commission santé du Pays",
            "kind": "plenary",
            "description": "Élus, professionnels, associations et usagers ; deux séances par an.",
        },
    ],
    "meetings": [
        {"body": "copil", "held_on": "2019-10-11", "title": "Installation", "location": "Morlaix"},
        {
            "body": "copil",
            "held_on": "2020-10-09",
            "title": "Bilan 2019-2020 (en visioconférence)",
            "actions": ["1.1", "4.1"],
        },
        {
            "body": "copil",
            "held_on": "2021-11-19",
            "title": "Bilan 2021",
            "location": "Landivisiau",
        },
        {
            "body": "copil",
            "held_on": "2022-11-25",
            "title": "Évaluation finale",
            "location": "Morlaix",
            "decisions": "Renouveler le contrat sur les mêmes axes.",
        },
        {"body": "commission", "held_on": "2021-06-17", "location": "Saint-Pol-de-Léon"},
    ],
    "amendments": [
        (
            1,
            "2021-03-12",
            "Soutien à la campagne de vaccination contre la Covid-19",
            "Ajout d'une mission d'appui logistique au centre de vaccination du Pays.",
        ),
    ],
}

CURRENT = {
    "key": "morlaix-2",
    "predecessor": "morlaix-1",
    "title": "CLS du Pays de Morlaix 2023-2027",
    "territory": TERRITORY,
    "ars": "53",
    "status": "implementation",
    "scoping_started_on": "2022-03-01",
    "diagnosis_on": "2022-10-28",
    "signed_on": "2023-03-17",
    "starts_on": "2023-04-01",
    "ends_on": "2027-12-31",
    "summary": (
        "Deuxième CLS du Pays de Morlaix, sur les quatre mêmes axes. Le coordinateur, en poste "
        "depuis janvier 2023, a quitté ses fonctions le 30 juin 2026 ; le recrutement de son "
        "successeur est en cours. Depuis, le comité de pilotage ne s'est pas réuni et les "
        "valeurs 2025 de plusieurs indicateurs n'ont pas été saisies."
    ),
    "linked_schemes": ["prs", "clsm", "cpts"],
    "linked_schemes_notes": "CLSM de Morlaix Communauté ; CPTS du Pays de Morlaix ; PRS Bretagne 2023-2028.",
    "editor": COORDINATION_2,
    "reviewer": ARS,
    "signatories": [
        *[(key, "signatory", "2023-02-09", "2023-03-17", None) for key in SIGNATORIES],
        ("ars-53", "signatory", None, "2023-03-17", None),
        ("cd29", "associated", "2023-02-13", "2023-03-17", None),
        ("pref29", "associated", None, "2023-03-17", None),
        ("cpam29", "associated", None, "2023-03-17", None),
        ("caf29", "associated", None, "2023-03-17", None),
        ("msa_armorique", "associated", None, "2023-03-17", None),
        ("chpm", "associated", None, "2023-03-17", None),
        ("dsden29", "partner", None, None, None),
        ("ps_bzh", "partner", None, None, None),
    ],
    "coordinators": [
        {
            "person": "mx_coord_2",
            "started_on": "2023-01-01",
            "ended_on": "2026-06-30",
            "fte": "1",
            "funders": ["ars-53", "pays_morlaix"],
            "funding_notes": "Poste financé à 50 % par le FIR, 50 % par le Pays de Morlaix.",
        }
    ],
    "diagnosis": {
        "summary": "Actualisation du diagnostic de 2018 à partir de l'évaluation finale du premier contrat et des données récentes.",
        "carried_out_by": "ors_bzh",
        "completed_on": "2022-10-28",
        "sources": "Évaluation finale du CLS 2019-2022 ; SNDS 2021 ; INSEE RP 2019.",
        "findings": [
            (
                "mental_health",
                "Mal-être des jeunes accru depuis la crise sanitaire",
                "Hausse des passages aux urgences pour gestes suicidaires chez les 15-24 ans.",
            ),
            (
                "prevention",
                "Participation au dépistage du cancer du sein en baisse",
                "48 % en 2021, contre 52 % en 2018.",
            ),
            (
                "access_to_care",
                "Départs en retraite non remplacés",
                "Quatre communes sans médecin généraliste.",
            ),
            (
                "medico_social",
                "Situations d'incurie signalées par les communes",
                "Une trentaine de signalements par an, sans circuit de réponse.",
            ),
        ],
    },
    "axes": AXES,
    "actions": [
        {
            "number": "1.1",
            "axis": 1,
            "objectives": ["1.1.1"],
            "title": "Prévenir le mal-être et le suicide chez les jeunes : former des sentinelles",
            "description": "Formations au repérage de la crise suicidaire pour les professionnels de jeunesse, enseignants, élus et bénévoles.",
            "lead": "chpm",
            "lead_person": "mx_chpm",
            "partners": ["dsden29", "pays_morlaix", "msa_armorique"],
            "targets": ["young_people", "professionals", "elected_officials"],
            "determinants": ["education", "social_ties"],
            "themes": ["mental_health", "prevention"],
            "priority": "high",
            "status": "in_progress",
            "starts_on": "2023-06-01",
            "planned_end_on": "2027-06-30",
            "milestones": [
                ("Première session de formation", "2023-10-31", "2023-10-12"),
                ("Réseau de 100 sentinelles", "2027-06-30", None),
            ],
            "updates": [
                (
                    "2024-12-13",
                    COORDINATION_2,
                    "65 sentinelles formées depuis 2023.",
                    "in_progress",
                ),
                (
                    "2026-04-10",
                    COORDINATION_2,
                    "Deux sessions programmées à Landivisiau et Saint-Pol-de-Léon en mai.",
                    "",
                ),
            ],
            "funding": [
                ("ars-53", "fir", 2023, 9000, 9000, 9000),
                ("ars-53", "fir", 2024, 12000, 12000, 12000),
                ("ars-53", "fir", 2025, 12000, 12000, 12000),
                ("ars-53", "fir", 2026, 12000, 12000, 6000),
            ],
        },
        {
            "number": "1.2",
            "axis": 1,
            "objectives": ["1.1.2"],
            "title": "Aller vers les femmes éloignées du dépistage du cancer du sein",
            "description": "Transport solidaire vers les cabinets de radiologie, ateliers d'information dans les communes rurales.",
            "lead": "morlaix_co",
            "lead_person": "mx_animatrice",
            "partners": ["cpam29", "msa_armorique"],
            "targets": ["general_population", "vulnerable_people"],
            "determinants": ["transport", "access_to_care"],
            "themes": ["prevention"],
            "communes": ["29113", "29191", "29199", "29266"],
            "status": "in_progress",
            "starts_on": "2023-09-01",
            "planned_end_on": "2025-12-31",
            "milestones": [
                ("Convention de transport solidaire", "2024-03-31", "2024-05-15"),
                ("Bilan de l'expérimentation", "2025-12-31", None),
            ],
            "updates": [
                (
                    "2025-06-20",
                    COORDINATION_2,
                    "Transport solidaire utilisé par 58 femmes ; ateliers à prolonger en 2026.",
                    "",
                )
            ],
            "funding": [
                ("cpam29", "cpam", 2024, 8000, 8000, 8000),
                ("cpam29", "cpam", 2025, 8000, 8000, 4000),
            ],
        },
        {
            "number": "2.1",
            "axis": 2,
            "objectives": ["2.1.1"],
            "title": "Accueillir et loger les internes et les jeunes médecins",
            "lead": "morlaix_co",
            "partners": ["haut_leon", "landivisiau", "chpm"],
            "targets": ["professionals"],
            "determinants": ["housing"],
            "themes": ["access_to_care"],
            "priority": "high",
            "status": "in_progress",
            "starts_on": "2023-04-01",
            "planned_end_on": "2027-12-31",
            "funding": [
                ("morlaix_co", "collectivite", 2024, 20000, 20000, 20000),
                ("morlaix_co", "collectivite", 2025, 20000, 20000, 20000),
                ("morlaix_co", "collectivite", 2026, 20000, 20000, 10000),
            ],
        },
        {
            "number": "2.2",
            "axis": 2,
            "objectives": ["2.1.2"],
            "title": "Consultations avancées de spécialistes dans les maisons de santé",
            "lead": "chpm",
            "partners": ["landivisiau", "haut_leon"],
            "targets": ["general_population", "older_people"],
            "determinants": ["access_to_care", "transport"],
            "themes": ["access_to_care"],
            "communes": ["29105", "29259"],
            "status": "blocked",
            "starts_on": "2024-01-01",
            "planned_end_on": "2026-12-31",
            "updates": [
                (
                    "2025-03-14",
                    COORDINATION_2,
                    "Le centre hospitalier ne peut détacher de cardiologue faute d'effectifs ; action bloquée.",
                    "blocked",
                )
            ],
            "funding": [("ars-53", "fir", 2024, 10000, 0, 0, "", "refused")],
        },
        {
            "number": "3.1",
            "axis": 3,
            "objectives": ["3.1.1"],
            "title": "Soutenir les aidants : cafés des aidants et relais à domicile",
            "lead": "cd29",
            "partners": ["msa_armorique", "caf29"],
            "targets": ["carers"],
            "determinants": ["social_ties"],
            "themes": ["medico_social"],
            "participation": "consultation",
            "status": "in_progress",
            "starts_on": "2023-09-01",
            "planned_end_on": "2027-12-31",
            "funding": [
                ("cd29", "collectivite", 2024, 15000, 15000, 15000),
                ("cd29", "collectivite", 2025, 15000, 15000, 15000),
            ],
        },
        {
            "number": "3.2",
            "axis": 3,
            "objectives": ["3.1.2"],
            "title": "Accompagner les personnes en situation d'incurie",
            "description": "Cellule de concertation entre communes, CCAS, équipe mobile psychiatrie-précarité et services sociaux, examinant des situations nominatives.",
            "lead": "chpm",
            "lead_person": "mx_chpm",
            "partners": ["cd29", "morlaix_co"],
            "targets": ["vulnerable_people", "older_people"],
            "determinants": ["housing", "social_ties"],
            "themes": ["mental_health", "health_environment"],
            "status": "in_progress",
            "starts_on": "2025-05-01",
            "planned_end_on": "2027-12-31",
            "confidential": True,
            "updates": [
                (
                    "2026-02-06",
                    COORDINATION_2,
                    "Neuf situations examinées ; trois relogements accompagnés.",
                    "",
                )
            ],
        },
        {
            "number": "4.1",
            "axis": 4,
            "objectives": ["4.1.1"],
            "title": "Conseil citoyen de santé et budget participatif",
            "lead": "pays_morlaix",
            "targets": ["general_population"],
            "themes": ["coordination"],
            "participation": "co_construction",
            "priority": "low",
            "status": "planned",
            "starts_on": "2027-01-01",
            "planned_end_on": "2027-12-31",
        },
    ],
    "bodies": [
        {
            "key": "copil",
            "name": "Comité de pilotage",
            "kind": "copil",
            "organisations": ["ars-53", *SIGNATORIES, "cd29", "cpam29", "chpm"],
            "members": ["ars_dd29", "mx_coord_2"],
        },
        {
            "key": "cotech",
            "name": "Comité technique",
            "kind": "cotech",
            "members": ["mx_coord_2", "mx_animatrice", "mx_chpm"],
        },
        {"key": "commission", "name": "Commission santé du Pays", "kind": "plenary"},
    ],
    "meetings": [
        {
            "body": "copil",
            "held_on": "2023-05-12",
            "title": "Installation",
            "location": "Morlaix",
            "attendees": ["ars_dd29", "mx_coord_2"],
        },
        {
            "body": "copil",
            "held_on": "2024-06-14",
            "title": "Bilan annuel 2023",
            "location": "Saint-Pol-de-Léon",
            "actions": ["1.1", "1.2", "2.1"],
        },
        {
            "body": "copil",
            "held_on": "2025-06-20",
            "title": "Bilan annuel 2024",
            "location": "Landivisiau",
            "decisions": "Avenant n° 1 présenté ; bilan 2024 adopté.",
            "actions": ["1.1", "2.2", "3.2"],
        },
        {
            "body": "cotech",
            "held_on": "2025-02-07",
            "location": "Morlaix",
            "attendees": ["mx_coord_2", "mx_animatrice", "mx_chpm"],
        },
        {
            "body": "cotech",
            "held_on": "2026-02-06",
            "location": "Morlaix",
            "attendees": ["mx_coord_2", "mx_animatrice"],
            "actions": ["1.1", "1.2", "3.2"],
        },
        {"body": "commission", "held_on": "2024-11-28", "location": "Morlaix"},
    ],
    "amendments": [
        (
            1,
            "2025-04-11",
            "Ajout de la fiche action 3.2 sur l'incurie",
            "Après la revue à mi-parcours, création d'une cellule de concertation sur les situations d'incurie.",
        ),
    ],
    "indicators": [
        {
            "code": "CLS-P01",
            "responsible": "mx_coord_2",
            "baseline": (1, "2022-12-31"),
            "target": (1, "2027-12-31"),
            "values": {"2023": 1, "2024": 1, "2025": 1},
        },
        {
            # The 2025 value was never entered: the coordinator left before the data arrived.
            "code": "CLS-R03",
            "responsible": "mx_coord_2",
            "baseline": (48, "2021-12-31"),
            "target": (55, "2027-12-31"),
            "values": {"2023": (9120, 18850), "2024": (9310, 18900)},
        },
        {
            "code": "CLS-P04",
            "action": "1.1",
            "responsible": "mx_chpm",
            "baseline": (0, "2023-01-01"),
            "target": (100, "2027-06-30"),
            "values": {"2023-S2": 24, "2024-S1": 22, "2024-S2": 19, "2025-S1": 18, "2025-S2": 12},
        },
        {
            "code": "CLS-I01",
            "responsible": "mx_coord_2",
            "baseline": (212.4, "2020-12-31"),
            "target": (195, "2027-12-31"),
            "values": {"2023": 208.1},
        },
    ],
}

CONTRACTS = [FIRST, CURRENT]
