"""Pays Ruffécois (Charente): the CLS of the PETR, known for its "mutuelle solidaire", and its renewal.

The PETR du Pays Ruffécois covers the communautés de communes Val de Charente and Cœur de
Charente, about 36,000 inhabitants. The mutuelle solidaire, born of an elected official's
concern for a fragile population, is open without means test or medical questionnaire; members
subscribe through the association ACTIOM, with which the collectivité has an agreement and which
costs it nothing but the rent of the rooms where residents are received. The renewal is in its
final evaluation and ends on 31 December 2026.
"""

# No demo account works for the ARS Nouvelle-Aquitaine: the national administrator reviews.
REVIEWER = "admin@demo.cls"
COORDINATION = "coordination.ruffecois@demo.cls"

TERRITORY = {
    "name": "Pays Ruffécois",
    "kind": "pays_petr",
    "epcis": ["200043016", "200072023"],
    "description": "Communautés de communes Val de Charente et Cœur de Charente.",
}
COLLECTIVITES = ["petr_ruffecois", "cc_val_charente", "cc_coeur_charente"]

MUTUELLE_DESCRIPTION = (
    "Une complémentaire santé négociée pour les habitants, sans condition de ressources ni "
    "questionnaire médical, souscrite par l'intermédiaire de l'association ACTIOM avec laquelle "
    "le PETR est conventionné. Campagnes de présentation dans les communes ; la collectivité ne "
    "prend en charge que la location des salles."
)

FIRST = {
    "key": "ruffecois-1",
    "title": "CLS du Pays Ruffécois 2017-2021",
    "territory": TERRITORY,
    "ars": "75",
    "status": "closed",
    "scoping_started_on": "2016-02-01",
    "diagnosis_on": "2016-11-30",
    "signed_on": "2017-06-30",
    "starts_on": "2017-07-01",
    "ends_on": "2021-12-31",
    "summary": (
        "Premier contrat du PETR du Pays Ruffécois, territoire rural de 36 000 habitants au "
        "nord de la Charente. Prévu jusqu'à fin 2020, il a été prolongé d'un an par avenant en "
        "raison de la crise sanitaire."
    ),
    "linked_schemes": ["prs"],
    "editor": COORDINATION,
    "reviewer": REVIEWER,
    "signatories": [
        *[(key, "signatory", "2017-05-18", "2017-06-30", None) for key in COLLECTIVITES],
        ("ars-75", "signatory", None, "2017-06-30", None),
        ("cd16", "associated", None, "2017-06-30", None),
        ("pref16", "associated", None, "2017-06-30", None),
        ("cpam16", "associated", None, "2017-06-30", None),
        ("msa_charentes", "associated", None, "2017-06-30", None),
        ("actiom", "partner", None, None, None),
    ],
    "coordinators": [
        {
            "person": "rf_coord",
            "started_on": "2017-09-01",
            "ended_on": "2021-12-31",
            "fte": "0.5",
            "funders": ["ars-75", "petr_ruffecois"],
        }
    ],
    "diagnosis": {
        "summary": "Diagnostic du PETR : population âgée et fragile, renoncement aux soins pour raisons financières, offre médicale en recul.",
        "carried_out_by": "petr_ruffecois",
        "completed_on": "2016-11-30",
        "sources": "ORS Nouvelle-Aquitaine ; CPAM de la Charente ; enquête auprès des CCAS.",
        "findings": [
            (
                "access_to_care",
                "Renoncement aux soins pour raisons financières",
                "Un habitant sur huit sans complémentaire santé.",
            ),
            ("access_to_care", "Offre de médecine générale en recul", ""),
            ("prevention", "Sédentarité et surpoids", ""),
        ],
    },
    "axes": [
        {
            "number": 1,
            "title": "Accès aux soins et aux droits",
            "objectives": [
                {
                    "number": "1.1",
                    "title": "Réduire le renoncement aux soins",
                    "children": [
                        {
                            "number": "1.1.1",
                            "title": "Proposer une complémentaire santé accessible à tous",
                        }
                    ],
                }
            ],
        },
        {
            "number": 2,
            "title": "Prévention et promotion de la santé",
            "objectives": [{"number": "2.1", "title": "Promouvoir l'activité physique"}],
        },
        {
            "number": 3,
            "title": "Bien vieillir en Pays Ruffécois",
            "objectives": [{"number": "3.1", "title": "Prévenir la perte d'autonomie"}],
        },
    ],
    "actions": [
        {
            "number": "1.1",
            "axis": 1,
            "objectives": ["1.1.1"],
            "title": "Créer la mutuelle solidaire du Pays Ruffécois",
            "description": MUTUELLE_DESCRIPTION,
            "rationale": "Une population fragile, dont une part renonce aux soins faute de complémentaire santé.",
            "expected_results": "500 adhérents en 2021.",
            "lead": "petr_ruffecois",
            "lead_person": "rf_coord",
            "partners": ["actiom", "cc_val_charente", "cc_coeur_charente", "cpam16"],
            "targets": ["vulnerable_people", "older_people", "general_population"],
            "determinants": ["income", "access_to_care"],
            "themes": ["access_to_care"],
            "participation": "information",
            "priority": "high",
            "status": "done",
            "starts_on": "2017-09-01",
            "planned_end_on": "2021-12-31",
            "ended_on": "2021-12-31",
            "milestones": [
                ("Convention avec ACTIOM", "2018-01-31", "2018-01-25"),
                ("Première campagne de présentation", "2018-03-31", "2018-03-20"),
            ],
            "updates": [
                (
                    "2021-12-10",
                    COORDINATION,
                    "502 adhérents fin 2021 ; action poursuivie dans le prochain contrat.",
                    "done",
                )
            ],
            "funding": [
                ("petr_ruffecois", "collectivite", 2018, 1500, 1500, 1500, "Location des salles")
            ],
        },
        {
            "number": "2.1",
            "axis": 2,
            "objectives": ["2.1"],
            "title": "Sport-santé sur ordonnance",
            "lead": "petr_ruffecois",
            "partners": ["cd16", "cpam16"],
            "targets": ["general_population"],
            "determinants": ["behaviours"],
            "themes": ["prevention"],
            "status": "done",
            "starts_on": "2018-09-01",
            "planned_end_on": "2021-06-30",
            "ended_on": "2021-06-30",
            "funding": [("ars-75", "fir", 2019, 12000, 12000, 12000)],
        },
        {
            "number": "3.1",
            "axis": 3,
            "objectives": ["3.1"],
            "title": "Ateliers « bien vieillir » dans les communes",
            "lead": "msa_charentes",
            "partners": ["petr_ruffecois"],
            "targets": ["older_people"],
            "determinants": ["social_ties", "nutrition"],
            "themes": ["prevention", "medico_social"],
            "status": "abandoned",
            "starts_on": "2019-09-01",
            "planned_end_on": "2021-06-30",
            "ended_on": "2020-03-16",
        },
    ],
    "bodies": [
        {
            "key": "copil",
            "name": "Comité de pilotage (2017-2021)",
            "kind": "copil",
            "organisations": ["ars-75", *COLLECTIVITES, "cd16"],
        }
    ],
    "meetings": [
        {"body": "copil", "held_on": "2017-10-13", "title": "Installation", "location": "Ruffec"},
        {
            "body": "copil",
            "held_on": "2018-11-16",
            "title": "Bilan 2018",
            "location": "Mansle-les-Fontaines",
            "actions": ["1.1"],
        },
        {"body": "copil", "held_on": "2019-11-22", "title": "Bilan 2019", "location": "Ruffec"},
        {
            "body": "copil",
            "held_on": "2021-11-19",
            "title": "Évaluation finale",
            "location": "Ruffec",
        },
    ],
    "amendments": [
        (
            1,
            "2020-12-11",
            "Prolongation d'un an",
            "En raison de la crise sanitaire, le contrat est prolongé jusqu'au 31 décembre 2021.",
        ),
    ],
    "indicators": [
        {
            "code": "CLS-R05",
            "action": "1.1",
            "responsible": "rf_coord",
            "baseline": (0, "2017-12-31"),
            "target": (500, "2021-12-31"),
            "values": {"2018": 212, "2019": 388, "2020": 455, "2021": 502},
        },
    ],
}

CURRENT = {
    "key": "ruffecois-2",
    "predecessor": "ruffecois-1",
    "title": "CLS du Pays Ruffécois 2022-2026",
    "territory": TERRITORY,
    "ars": "75",
    "status": "evaluation",
    "scoping_started_on": "2021-04-01",
    "diagnosis_on": "2021-10-29",
    "signed_on": "2022-03-25",
    "starts_on": "2022-04-01",
    "ends_on": "2026-12-31",
    "summary": (
        "Deuxième contrat du PETR, en évaluation finale : il s'achève le 31 décembre 2026. "
        "La mutuelle solidaire poursuit ses campagnes ; l'avenant de 2024, issu de "
        "l'évaluation à mi-parcours, a ajouté un axe santé mentale et lien social."
    ),
    "linked_schemes": ["prs", "cpts"],
    "linked_schemes_notes": "CPTS du Nord Charente ; PRS Nouvelle-Aquitaine.",
    "editor": COORDINATION,
    "reviewer": REVIEWER,
    "signatories": [
        *[(key, "signatory", "2022-02-17", "2022-03-25", None) for key in COLLECTIVITES],
        ("ars-75", "signatory", None, "2022-03-25", None),
        ("cd16", "associated", "2022-02-28", "2022-03-25", None),
        ("pref16", "associated", None, "2022-03-25", None),
        ("cpam16", "associated", None, "2022-03-25", None),
        ("caf16", "associated", None, "2022-03-25", None),
        ("msa_charentes", "associated", None, "2022-03-25", None),
        ("hopital_ruffec", "associated", None, "2022-03-25", None),
        ("actiom", "partner", None, None, None),
    ],
    "coordinators": [
        {
            "person": "rf_coord",
            "started_on": "2022-01-01",
            "fte": "0.5",
            "funders": ["ars-75", "petr_ruffecois"],
            "funding_notes": "Mi-temps financé par le FIR (60 %) et le PETR (40 %).",
        }
    ],
    "diagnosis": {
        "summary": "Actualisation à partir de l'évaluation du premier contrat.",
        "carried_out_by": "petr_ruffecois",
        "completed_on": "2021-10-29",
        "sources": "Évaluation finale 2021 ; SNDS 2020 ; CPAM de la Charente.",
        "findings": [
            (
                "access_to_care",
                "Mobilité : un tiers des plus de 75 ans sans moyen de transport",
                "",
            ),
            (
                "mental_health",
                "Détresse des exploitants agricoles",
                "Signalements en hausse à la MSA depuis 2020.",
            ),
            ("medico_social", "Aidants épuisés", ""),
        ],
    },
    "axes": [
        {
            "number": 1,
            "title": "Accès aux soins et aux droits",
            "objectives": [
                {
                    "number": "1.1",
                    "title": "Réduire le renoncement aux soins",
                    "children": [
                        {"number": "1.1.1", "title": "Diffuser la mutuelle solidaire"},
                        {"number": "1.1.2", "title": "Faciliter les déplacements vers les soins"},
                    ],
                }
            ],
        },
        {
            "number": 2,
            "title": "Prévention, sport et santé",
            "objectives": [
                {"number": "2.1", "title": "Rendre l'activité physique adaptée accessible"}
            ],
        },
        {
            "number": 3,
            "title": "Parcours des personnes âgées et des aidants",
            "objectives": [{"number": "3.1", "title": "Repérer les fragilités"}],
        },
        {
            "number": 4,
            "title": "Santé mentale et lien social",
            "description": "Axe ajouté par l'avenant n° 1.",
            "objectives": [
                {"number": "4.1", "title": "Former et mettre en réseau les acteurs du repérage"}
            ],
        },
    ],
    "actions": [
        {
            "number": "1.1",
            "axis": 1,
            "objectives": ["1.1.1"],
            "title": "Mutuelle solidaire : campagnes annuelles de présentation",
            "description": MUTUELLE_DESCRIPTION,
            "lead": "petr_ruffecois",
            "lead_person": "rf_coord",
            "partners": ["actiom", "cc_val_charente", "cc_coeur_charente", "caf16"],
            "targets": ["vulnerable_people", "older_people", "general_population"],
            "determinants": ["income", "access_to_care"],
            "themes": ["access_to_care"],
            "participation": "information",
            "priority": "high",
            "status": "in_progress",
            "starts_on": "2022-04-01",
            "planned_end_on": "2026-12-31",
            "milestones": [
                ("Renouvellement de la convention avec ACTIOM", "2022-06-30", "2022-06-14"),
                ("Campagne 2026 dans 12 communes", "2026-04-30", "2026-04-24"),
            ],
            "updates": [
                (
                    "2025-05-06",
                    COORDINATION,
                    "Campagne 2025 : 9 permanences, 41 nouvelles adhésions.",
                    "",
                ),
                (
                    "2026-05-05",
                    COORDINATION,
                    "Campagne 2026 : 12 permanences ; une conseillère ACTIOM présente à chaque réunion.",
                    "",
                ),
            ],
            "funding": [
                ("petr_ruffecois", "collectivite", 2024, 1500, 1500, 1500, "Location des salles"),
                ("petr_ruffecois", "collectivite", 2025, 1500, 1500, 1500, "Location des salles"),
                ("petr_ruffecois", "collectivite", 2026, 1800, 1800, 900, "Location des salles"),
            ],
        },
        {
            "number": "1.2",
            "axis": 1,
            "objectives": ["1.1.2"],
            "title": "Transport solidaire vers les lieux de soins",
            "description": "Réseau de chauffeurs bénévoles pour les personnes sans véhicule, coordonné par les CCAS.",
            "lead": "cc_coeur_charente",
            "partners": ["cc_val_charente", "msa_charentes", "cd16"],
            "targets": ["older_people", "vulnerable_people"],
            "determinants": ["transport", "access_to_care"],
            "themes": ["access_to_care"],
            "communes": ["16005", "16206", "16393", "16292", "16409"],
            "participation": "concertation",
            "status": "in_progress",
            "starts_on": "2023-01-01",
            "planned_end_on": "2025-06-30",
            "milestones": [
                ("Charte des chauffeurs bénévoles", "2023-06-30", "2023-09-12"),
                ("Couverture des deux communautés", "2025-06-30", None),
            ],
            "updates": [
                (
                    "2025-09-30",
                    COORDINATION,
                    "Le réseau fonctionne dans Cœur de Charente mais peine à recruter des bénévoles dans Val de Charente : échéance dépassée.",
                    "",
                )
            ],
            "funding": [
                ("msa_charentes", "other", 2024, 5000, 5000, 5000),
                ("cd16", "collectivite", 2025, 8000, 6000, 6000),
            ],
        },
        {
            "number": "2.1",
            "axis": 2,
            "objectives": ["2.1"],
            "title": "Maison sport-santé itinérante",
            "lead": "petr_ruffecois",
            "partners": ["cpam16", "cd16"],
            "targets": ["general_population", "older_people"],
            "determinants": ["behaviours"],
            "themes": ["prevention"],
            "status": "done",
            "starts_on": "2022-09-01",
            "planned_end_on": "2025-06-30",
            "ended_on": "2025-06-30",
            "funding": [
                ("ars-75", "fir", 2023, 18000, 18000, 18000),
                ("ars-75", "fir", 2024, 18000, 16000, 16000),
            ],
        },
        {
            "number": "3.1",
            "axis": 3,
            "objectives": ["3.1"],
            "title": "Repérage des fragilités et prévention de la perte d'autonomie",
            "lead": "msa_charentes",
            "partners": ["hopital_ruffec", "cd16"],
            "targets": ["older_people", "carers"],
            "determinants": ["social_ties"],
            "themes": ["medico_social"],
            "status": "in_progress",
            "starts_on": "2023-03-01",
            "planned_end_on": "2026-12-31",
            "funding": [("msa_charentes", "other", 2025, 6000, 6000, 6000)],
        },
        {
            "number": "4.1",
            "axis": 4,
            "objectives": ["4.1"],
            "title": "Former les acteurs locaux aux premiers secours en santé mentale",
            "lead": "petr_ruffecois",
            "lead_person": "rf_coord",
            "partners": ["msa_charentes", "caf16"],
            "targets": ["professionals", "elected_officials", "farmers"],
            "determinants": ["social_ties"],
            "themes": ["mental_health"],
            "status": "in_progress",
            "starts_on": "2024-09-01",
            "planned_end_on": "2026-12-31",
            "funding": [
                ("ars-75", "fir", 2025, 7000, 7000, 7000),
                ("ars-75", "fir", 2026, 7000, 7000, 3500),
            ],
        },
        {
            "number": "4.2",
            "axis": 4,
            "objectives": ["4.1"],
            "title": "Cellule de veille des situations de détresse des exploitants agricoles",
            "description": "Examen mensuel, avec la MSA, de situations individuelles signalées par les vétérinaires, techniciens agricoles et élus.",
            "lead": "msa_charentes",
            "partners": ["petr_ruffecois", "pref16"],
            "targets": ["farmers"],
            "determinants": ["work", "income", "social_ties"],
            "themes": ["mental_health"],
            "status": "in_progress",
            "starts_on": "2024-10-01",
            "planned_end_on": "2026-12-31",
            "confidential": True,
        },
    ],
    "bodies": [
        {
            "key": "copil",
            "name": "Comité de pilotage",
            "kind": "copil",
            "organisations": ["ars-75", *COLLECTIVITES, "cd16", "cpam16", "msa_charentes"],
            "members": ["rf_coord"],
        },
        {
            "key": "cotech",
            "name": "Comité technique",
            "kind": "cotech",
            "members": ["rf_coord", "rf_actiom"],
        },
    ],
    "meetings": [
        {"body": "copil", "held_on": "2022-04-29", "title": "Installation", "location": "Ruffec"},
        {
            "body": "copil",
            "held_on": "2023-05-26",
            "title": "Bilan annuel 2022",
            "location": "Aigre",
        },
        {
            "body": "copil",
            "held_on": "2024-06-07",
            "title": "Évaluation à mi-parcours",
            "location": "Ruffec",
            "decisions": "Ajout d'un axe santé mentale et lien social (avenant n° 1).",
            "actions": ["1.1", "1.2", "2.1"],
        },
        {
            "body": "copil",
            "held_on": "2025-06-13",
            "title": "Bilan annuel 2024",
            "location": "Mansle-les-Fontaines",
        },
        {
            "body": "copil",
            "held_on": "2026-06-12",
            "title": "Lancement de l'évaluation finale",
            "location": "Ruffec",
            "decisions": "Évaluation finale confiée au PETR ; préparation du troisième contrat.",
            "actions": ["1.1", "1.2", "3.1", "4.1"],
        },
        {
            "body": "cotech",
            "held_on": "2026-02-20",
            "location": "Ruffec",
            "attendees": ["rf_coord", "rf_actiom"],
            "actions": ["1.1"],
        },
    ],
    "amendments": [
        (
            1,
            "2024-06-21",
            "Révision à mi-parcours : axe santé mentale et lien social",
            "Création de l'axe 4 et des fiches 4.1 et 4.2 après l'évaluation à mi-parcours.",
        ),
    ],
    "indicators": [
        {
            "code": "CLS-R05",
            "action": "1.1",
            "responsible": "rf_coord",
            "baseline": (502, "2021-12-31"),
            "target": (650, "2026-12-31"),
            "values": {"2022": 540, "2023": 571, "2024": 603, "2025": 618},
        },
        {
            "code": "CLS-R01",
            "responsible": "rf_coord",
            "baseline": (6.9, "2021-12-31"),
            "target": (7.5, "2026-12-31"),
            "values": {"2022": 6.7, "2023": 6.4, "2024": 6.6, "2025": 6.9},
        },
        {
            "code": "CLS-P02",
            "responsible": "rf_coord",
            "values": {"2023": (3, 4), "2024": (5, 6), "2025": (6, 6)},
        },
        {
            "code": "CLS-P04",
            "action": "4.1",
            "responsible": "rf_coord",
            "baseline": (0, "2024-08-31"),
            "target": (60, "2026-12-31"),
            "values": {"2024-S2": 12, "2025-S1": 14, "2025-S2": 18, "2026-S1": 11},
        },
    ],
}

CONTRACTS = [FIRST, CURRENT]
