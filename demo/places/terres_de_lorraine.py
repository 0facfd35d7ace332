"""Terres de Lorraine (Meurthe-et-Moselle): the 2018-2023 CLS, whose crisis committee organised the
Covid-19 response (screening, masks, shared communication), and its 2024-2028 renewal.

The pays Terres de Lorraine groups four communautés de communes: Terres Touloises, Moselle et
Madon, Pays du Saintois, Pays de Colombey et du Sud Toulois.
"""

# No demo account works for the ARS Grand Est: the national administrator reviews the values.
REVIEWER = "admin@demo.cls"
COORDINATION = "coordination.terres-de-lorraine@demo.cls"

TERRITORY = {
    "name": "Pays Terres de Lorraine",
    "kind": "pays_petr",
    "epcis": ["200070563", "245400171", "200035772", "245400510"],
    "description": "Communautés de communes Terres Touloises, Moselle et Madon, du Pays du Saintois et du Pays de Colombey et du Sud Toulois.",
}
COLLECTIVITES = ["pays_tdl", "cc_toul", "cc_madon", "cc_saintois", "cc_colombey"]

FIRST = {
    "key": "tdl-1",
    "title": "CLS du Pays Terres de Lorraine 2018-2023",
    "territory": TERRITORY,
    "ars": "44",
    "status": "closed",
    "scoping_started_on": "2017-03-01",
    "diagnosis_on": "2017-12-15",
    "signed_on": "2018-06-29",
    "starts_on": "2018-07-01",
    "ends_on": "2023-12-31",
    "summary": (
        "Contrat du pays Terres de Lorraine, signé par l'ARS Grand Est, le pays et ses quatre "
        "communautés de communes. En mars 2020, son comité de pilotage s'est mué en comité de "
        "crise Covid-19 : il a relayé les demandes de la population, diffusé les consignes "
        "réglementaires, mutualisé les moyens (dépistage organisé entre médecine de ville et "
        "hôpital, distribution de masques) et suivi l'évolution de l'épidémie. L'avenant n° 1 a "
        "intégré ces actions au contrat."
    ),
    "linked_schemes": ["prs", "cpts"],
    "linked_schemes_notes": "PRS Grand Est 2018-2028 ; CPTS du Toulois.",
    "editor": COORDINATION,
    "reviewer": REVIEWER,
    "signatories": [
        *[(key, "signatory", "2018-05-24", "2018-06-29", None) for key in COLLECTIVITES],
        ("ars-44", "signatory", None, "2018-06-29", None),
        ("cd54", "associated", "2018-06-11", "2018-06-29", None),
        ("pref54", "associated", None, "2018-06-29", None),
        ("cpam54", "associated", None, "2018-06-29", None),
        ("msa_lorraine", "associated", None, "2018-06-29", None),
        ("ch_toul", "associated", None, "2018-06-29", None),
        ("urps_ml_ge", "partner", None, None, None),
        ("chru_nancy", "partner", None, None, None),
    ],
    "coordinators": [
        {
            "person": "tl_coord",
            "started_on": "2018-07-01",
            "ended_on": "2023-12-31",
            "fte": "1",
            "funders": ["ars-44", "pays_tdl"],
        }
    ],
    "diagnosis": {
        "summary": "Diagnostic territorial partagé conduit par le pays avec l'appui de la délégation territoriale de l'ARS.",
        "carried_out_by": "pays_tdl",
        "completed_on": "2017-12-15",
        "sources": "Données ARS Grand Est, CPAM, INSEE ; ateliers avec les professionnels.",
        "findings": [
            ("access_to_care", "Densité médicale faible dans le Saintois et le Sud Toulois", ""),
            ("prevention", "Couverture vaccinale des personnes âgées insuffisante", ""),
            ("medico_social", "Isolement des personnes âgées en milieu rural", ""),
        ],
    },
    "axes": [
        {
            "number": 1,
            "title": "Accès aux soins de proximité",
            "objectives": [
                {
                    "number": "1.1",
                    "title": "Favoriser l'exercice coordonné",
                    "children": [
                        {"number": "1.1.1", "title": "Accompagner les projets de maisons de santé"}
                    ],
                }
            ],
        },
        {
            "number": 2,
            "title": "Prévention, promotion de la santé et gestion de crise",
            "objectives": [
                {
                    "number": "2.1",
                    "title": "Protéger la population pendant la crise sanitaire",
                    "children": [
                        {
                            "number": "2.1.1",
                            "title": "Organiser le dépistage avec la ville et l'hôpital",
                        },
                        {
                            "number": "2.1.2",
                            "title": "Équiper les professionnels et les publics fragiles",
                        },
                        {"number": "2.1.3", "title": "Informer la population des consignes"},
                    ],
                }
            ],
        },
        {
            "number": 3,
            "title": "Parcours des personnes âgées",
            "objectives": [{"number": "3.1", "title": "Éviter les hospitalisations inappropriées"}],
        },
    ],
    "actions": [
        {
            "number": "1.1",
            "axis": 1,
            "objectives": ["1.1.1"],
            "title": "Accompagner les projets de maisons de santé pluriprofessionnelles",
            "lead": "pays_tdl",
            "partners": ["urps_ml_ge", "ars-44", "cpam54"],
            "targets": ["professionals", "elected_officials"],
            "themes": ["access_to_care"],
            "status": "done",
            "starts_on": "2018-09-01",
            "planned_end_on": "2023-12-31",
            "ended_on": "2023-12-31",
            "funding": [
                ("ars-44", "fir", 2019, 20000, 20000, 20000),
                ("ars-44", "fir", 2022, 15000, 15000, 15000),
            ],
        },
        {
            "number": "2.1",
            "axis": 2,
            "objectives": ["2.1.1"],
            "title": "Comité de crise Covid-19 : organiser le dépistage entre médecine de ville et hôpital",
            "description": "Centre de dépistage commun au centre hospitalier de Toul et aux médecins libéraux, opérations mobiles dans les communes rurales.",
            "lead": "ch_toul",
            "lead_person": "tl_ch",
            "partners": ["urps_ml_ge", "pref54", "cpam54", "chru_nancy"],
            "targets": ["general_population", "professionals"],
            "determinants": ["access_to_care"],
            "themes": ["prevention", "coordination"],
            "priority": "high",
            "status": "done",
            "starts_on": "2020-03-23",
            "planned_end_on": "2021-12-31",
            "ended_on": "2022-03-31",
            "updates": [
                (
                    "2020-05-07",
                    COORDINATION,
                    "Centre de dépistage ouvert à Toul ; trois opérations mobiles dans le Saintois.",
                    "in_progress",
                ),
                (
                    "2022-04-01",
                    COORDINATION,
                    "Fin du centre commun : le relais est pris par les pharmacies et les laboratoires.",
                    "done",
                ),
            ],
            "funding": [
                ("ars-44", "fir", 2020, 45000, 45000, 45000),
                ("ars-44", "fir", 2021, 30000, 30000, 30000),
            ],
        },
        {
            "number": "2.2",
            "axis": 2,
            "objectives": ["2.1.2"],
            "title": "Comité de crise Covid-19 : distribuer des masques aux professionnels et aux publics fragiles",
            "lead": "pays_tdl",
            "lead_person": "tl_coord",
            "partners": ["cc_toul", "cc_madon", "cc_saintois", "cc_colombey", "pref54"],
            "targets": ["professionals", "older_people", "vulnerable_people"],
            "themes": ["prevention"],
            "status": "done",
            "starts_on": "2020-03-30",
            "planned_end_on": "2020-12-31",
            "ended_on": "2021-03-31",
            "funding": [("pays_tdl", "collectivite", 2020, 25000, 25000, 25000)],
        },
        {
            "number": "2.3",
            "axis": 2,
            "objectives": ["2.1.3"],
            "title": "Comité de crise Covid-19 : communication partagée sur les consignes sanitaires",
            "description": "Lettre hebdomadaire aux maires et aux professionnels, relais des nouvelles directives réglementaires, remontée des questions de la population.",
            "lead": "pays_tdl",
            "lead_person": "tl_coord",
            "partners": ["pref54", "ars-44", "cd54"],
            "targets": ["general_population", "elected_officials", "professionals"],
            "themes": ["coordination", "prevention"],
            "participation": "information",
            "status": "done",
            "starts_on": "2020-03-20",
            "planned_end_on": "2021-06-30",
            "ended_on": "2021-06-30",
        },
        {
            "number": "3.1",
            "axis": 3,
            "objectives": ["3.1"],
            "title": "Déployer la télésanté en EHPAD",
            "lead": "ch_toul",
            "partners": ["ars-44", "cd54"],
            "targets": ["older_people"],
            "themes": ["medico_social", "access_to_care"],
            "status": "done",
            "starts_on": "2021-01-01",
            "planned_end_on": "2023-06-30",
            "ended_on": "2023-09-30",
        },
    ],
    "bodies": [
        {
            "key": "copil",
            "name": "Comité de pilotage (2018-2023)",
            "kind": "copil",
            "organisations": ["ars-44", *COLLECTIVITES, "cd54", "pref54"],
        },
        {
            "key": "crise",
            "name": "Comité de crise Covid-19",
            "kind": "working_group",
            "description": "Pays, ARS, préfecture, centre hospitalier de Toul, URPS, communautés de communes : réunions hebdomadaires au printemps 2020.",
            "organisations": [
                "pays_tdl",
                "ars-44",
                "pref54",
                "ch_toul",
                "urps_ml_ge",
                "cc_toul",
                "cc_madon",
                "cc_saintois",
                "cc_colombey",
            ],
            "members": ["tl_coord", "tl_ch"],
        },
    ],
    "meetings": [
        {"body": "copil", "held_on": "2018-10-12", "title": "Installation", "location": "Toul"},
        {
            "body": "copil",
            "held_on": "2019-11-15",
            "title": "Bilan 2019",
            "location": "Neuves-Maisons",
        },
        {
            "body": "crise",
            "held_on": "2020-03-20",
            "title": "Première réunion du comité de crise",
            "decisions": "Centre de dépistage commun ; recensement des besoins en masques ; lettre hebdomadaire.",
            "attendees": ["tl_coord", "tl_ch"],
        },
        {
            "body": "crise",
            "held_on": "2020-04-03",
            "actions": ["2.1", "2.2", "2.3"],
            "attendees": ["tl_coord", "tl_ch"],
        },
        {
            "body": "crise",
            "held_on": "2020-11-05",
            "title": "Deuxième vague",
            "actions": ["2.1"],
            "attendees": ["tl_coord", "tl_ch"],
        },
        {
            "body": "copil",
            "held_on": "2021-12-10",
            "title": "Bilan 2020-2021",
            "location": "Toul",
            "actions": ["2.1", "2.2", "2.3"],
        },
        {"body": "copil", "held_on": "2022-12-09", "title": "Bilan 2022", "location": "Vézelise"},
        {
            "body": "copil",
            "held_on": "2023-11-24",
            "title": "Évaluation finale",
            "location": "Toul",
            "decisions": "Renouvellement approuvé ; maintien de la coordinatrice.",
        },
    ],
    "amendments": [
        (
            1,
            "2020-10-16",
            "Intégration des actions du comité de crise Covid-19",
            "Création des fiches 2.1 à 2.3 (dépistage, masques, communication) et de l'instance de crise.",
        ),
        (
            2,
            "2021-12-10",
            "Ajout de la télésanté en EHPAD",
            "Fiche 3.1 ajoutée après la revue à mi-parcours.",
        ),
    ],
    "indicators": [
        {
            "code": "CLS-P05",
            "action": "2.1",
            "responsible": "tl_ch",
            "values": {
                "2020-Q2": 4120,
                "2020-Q3": 6870,
                "2020-Q4": 15230,
                "2021-Q1": 12410,
                "2021-Q2": 8020,
                "2021-Q3": 5110,
                "2021-Q4": 9870,
            },
        },
        {
            "code": "CLS-P06",
            "action": "2.2",
            "responsible": "tl_coord",
            "values": {"2020-Q2": 38000, "2020-Q3": 21500, "2020-Q4": 12000},
        },
    ],
}

CURRENT = {
    "key": "tdl-2",
    "predecessor": "tdl-1",
    "title": "CLS du Pays Terres de Lorraine 2024-2028",
    "territory": TERRITORY,
    "ars": "44",
    "status": "implementation",
    "scoping_started_on": "2023-01-09",
    "diagnosis_on": "2023-09-29",
    "signed_on": "2024-05-24",
    "starts_on": "2024-06-01",
    "ends_on": "2028-12-31",
    "summary": (
        "Deuxième contrat du pays Terres de Lorraine. Il garde la coopération ville-hôpital née "
        "de la crise sanitaire et la prolonge : télésanté, partenariats entre pharmaciens, "
        "médecins et infirmiers, prévention des hospitalisations évitables, santé-environnement."
    ),
    "linked_schemes": ["prs", "cpts", "clsm"],
    "linked_schemes_notes": "PRS Grand Est ; CPTS du Toulois et du Sud 54 ; CLSM Terres de Lorraine.",
    "editor": COORDINATION,
    "reviewer": REVIEWER,
    "signatories": [
        *[(key, "signatory", "2024-04-18", "2024-05-24", None) for key in COLLECTIVITES],
        ("ars-44", "signatory", None, "2024-05-24", None),
        ("cd54", "associated", "2024-04-22", "2024-05-24", None),
        ("pref54", "associated", None, "2024-05-24", None),
        ("cpam54", "associated", None, "2024-05-24", None),
        ("msa_lorraine", "associated", None, "2024-05-24", None),
        ("ch_toul", "associated", None, "2024-05-24", None),
        ("urps_ml_ge", "partner", None, None, None),
    ],
    "coordinators": [
        {
            "person": "tl_coord",
            "started_on": "2024-01-01",
            "fte": "1",
            "funders": ["ars-44", "pays_tdl"],
            "funding_notes": "Financement FIR 50 %, pays 30 %, conseil départemental 20 %.",
        }
    ],
    "diagnosis": {
        "summary": "Actualisation du diagnostic à partir de l'évaluation finale du premier contrat et du retour d'expérience de la crise sanitaire.",
        "carried_out_by": "pays_tdl",
        "completed_on": "2023-09-29",
        "sources": "Évaluation finale 2023 ; SNDS 2022 ; RPPS 2023.",
        "findings": [
            (
                "access_to_care",
                "Sept médecins généralistes pour 10 000 habitants",
                "Moins dans le Saintois ; deux maisons de santé en projet.",
            ),
            ("prevention", "Vaccination antigrippale des 65 ans et plus à 52 %", ""),
            (
                "medico_social",
                "Chutes : première cause d'hospitalisation évitable des plus de 75 ans",
                "",
            ),
            ("health_environment", "Qualité de l'air intérieur dans les écoles anciennes", ""),
        ],
    },
    "axes": [
        {
            "number": 1,
            "title": "Accès aux soins et exercice coordonné",
            "objectives": [
                {
                    "number": "1.1",
                    "title": "Renforcer le maillage du premier recours",
                    "children": [
                        {"number": "1.1.1", "title": "Soutenir les maisons de santé et les CPTS"},
                        {
                            "number": "1.1.2",
                            "title": "Déployer la télésanté dans les communes rurales",
                        },
                    ],
                }
            ],
        },
        {
            "number": 2,
            "title": "Prévention et promotion de la santé",
            "objectives": [
                {"number": "2.1", "title": "Aller vers les publics éloignés de la prévention"}
            ],
        },
        {
            "number": 3,
            "title": "Autonomie et parcours des personnes âgées",
            "objectives": [{"number": "3.1", "title": "Prévenir les hospitalisations évitables"}],
        },
        {
            "number": 4,
            "title": "Santé-environnement",
            "objectives": [
                {
                    "number": "4.1",
                    "title": "Améliorer la qualité de l'air intérieur des lieux accueillant des enfants",
                }
            ],
        },
    ],
    "actions": [
        {
            "number": "1.1",
            "axis": 1,
            "objectives": ["1.1.1"],
            "title": "Accompagner les maisons de santé et les CPTS du territoire",
            "lead": "pays_tdl",
            "lead_person": "tl_coord",
            "partners": ["urps_ml_ge", "cpam54", "ars-44"],
            "targets": ["professionals", "elected_officials"],
            "determinants": ["access_to_care"],
            "themes": ["access_to_care", "coordination"],
            "priority": "high",
            "status": "in_progress",
            "starts_on": "2024-06-01",
            "planned_end_on": "2028-06-30",
            "milestones": [
                ("Ouverture de la maison de santé de Vézelise", "2026-09-30", "2026-09-07")
            ],
            "updates": [
                (
                    "2026-09-11",
                    COORDINATION,
                    "Maison de santé de Vézelise ouverte : deux médecins, quatre infirmiers, un kinésithérapeute.",
                    "",
                )
            ],
            "funding": [
                ("ars-44", "fir", 2024, 20000, 20000, 20000),
                ("ars-44", "fir", 2025, 20000, 20000, 20000),
                ("ars-44", "fir", 2026, 20000, 15000, 15000),
            ],
        },
        {
            "number": "1.2",
            "axis": 1,
            "objectives": ["1.1.2"],
            "title": "Installer des points de téléconsultation assistée dans les communes rurales",
            "description": "Téléconsultation assistée par un infirmier ou un pharmacien, dans quatre communes sans médecin.",
            "lead": "cc_saintois",
            "partners": ["cc_colombey", "cpam54", "urps_ml_ge"],
            "targets": ["general_population", "older_people"],
            "determinants": ["access_to_care", "transport"],
            "themes": ["access_to_care"],
            "communes": ["54563", "54513", "54135", "54080"],
            "status": "in_progress",
            "starts_on": "2024-09-01",
            "planned_end_on": "2026-06-30",
            "milestones": [
                ("Deux points ouverts", "2025-06-30", "2025-10-15"),
                ("Quatre points ouverts", "2026-06-30", None),
            ],
            "updates": [
                (
                    "2026-07-03",
                    COORDINATION,
                    "Trois points sur quatre ouverts ; le quatrième attend un infirmier volontaire. Échéance dépassée.",
                    "",
                )
            ],
            "funding": [
                ("cpam54", "cpam", 2025, 12000, 12000, 12000),
                ("cc_saintois", "collectivite", 2025, 6000, 6000, 6000),
                ("cc_colombey", "collectivite", 2026, 6000, 6000, 0),
            ],
        },
        {
            "number": "2.1",
            "axis": 2,
            "objectives": ["2.1"],
            "title": "Vaccination et dépistages : opérations d'aller-vers avec les pharmaciens",
            "lead": "cpam54",
            "partners": ["pays_tdl", "msa_lorraine", "urps_ml_ge"],
            "targets": ["older_people", "vulnerable_people", "farmers"],
            "determinants": ["access_to_care", "behaviours"],
            "themes": ["prevention"],
            "status": "in_progress",
            "starts_on": "2024-10-01",
            "planned_end_on": "2028-06-30",
            "funding": [
                ("cpam54", "cpam", 2025, 10000, 10000, 10000),
                ("msa_lorraine", "other", 2025, 4000, 4000, 4000),
            ],
        },
        {
            "number": "2.2",
            "axis": 2,
            "objectives": ["2.1"],
            "title": "Sport-santé : activité physique adaptée dans les quatre communautés",
            "lead": "pays_tdl",
            "partners": ["cc_toul", "cc_madon", "cd54"],
            "targets": ["general_population", "older_people"],
            "determinants": ["behaviours"],
            "themes": ["prevention"],
            "participation": "consultation",
            "status": "in_progress",
            "starts_on": "2025-01-01",
            "planned_end_on": "2028-12-31",
            "funding": [
                ("ars-44", "fir", 2025, 15000, 15000, 15000),
                ("cd54", "collectivite", 2026, 8000, 8000, 8000),
            ],
        },
        {
            "number": "3.1",
            "axis": 3,
            "objectives": ["3.1"],
            "title": "Prévenir les chutes des personnes âgées à domicile",
            "lead": "cd54",
            "partners": ["ch_toul", "msa_lorraine"],
            "targets": ["older_people", "carers"],
            "determinants": ["housing"],
            "themes": ["medico_social", "prevention"],
            "status": "planned",
            "starts_on": "2027-01-01",
            "planned_end_on": "2028-12-31",
        },
        {
            "number": "3.2",
            "axis": 3,
            "objectives": ["3.1"],
            "title": "Concertation sur les situations individuelles complexes à domicile",
            "description": "Réunions mensuelles sur des situations nominatives entre le centre hospitalier, le département et les médecins traitants.",
            "lead": "ch_toul",
            "lead_person": "tl_ch",
            "partners": ["cd54"],
            "targets": ["older_people", "vulnerable_people"],
            "themes": ["medico_social", "coordination"],
            "status": "in_progress",
            "starts_on": "2025-03-01",
            "planned_end_on": "2028-12-31",
            "confidential": True,
        },
        {
            "number": "4.1",
            "axis": 4,
            "objectives": ["4.1"],
            "title": "Mesurer et améliorer la qualité de l'air intérieur dans les écoles",
            "lead": "cc_toul",
            "partners": ["ars-44"],
            "targets": ["children"],
            "determinants": ["environment"],
            "themes": ["health_environment"],
            "communes": ["54528", "54174"],
            "status": "done",
            "starts_on": "2024-09-01",
            "planned_end_on": "2026-06-30",
            "ended_on": "2026-06-30",
            "updates": [
                (
                    "2026-07-01",
                    COORDINATION,
                    "Mesures faites dans 14 écoles ; plan de ventilation adopté par les deux communes.",
                    "done",
                )
            ],
            "funding": [("cc_toul", "collectivite", 2025, 9000, 9000, 9000)],
        },
    ],
    "bodies": [
        {
            "key": "copil",
            "name": "Comité de pilotage",
            "kind": "copil",
            "organisations": ["ars-44", *COLLECTIVITES, "cd54", "pref54", "cpam54"],
            "members": ["tl_coord"],
        },
        {
            "key": "cotech",
            "name": "Comité technique",
            "kind": "cotech",
            "members": ["tl_coord", "tl_ch"],
        },
        {
            "key": "gt",
            "name": "Groupe de travail « Exercice coordonné »",
            "kind": "working_group",
            "organisations": ["urps_ml_ge", "cpam54"],
        },
    ],
    "meetings": [
        {"body": "copil", "held_on": "2024-06-14", "title": "Installation", "location": "Toul"},
        {
            "body": "copil",
            "held_on": "2025-06-27",
            "title": "Bilan annuel 2024-2025",
            "location": "Neuves-Maisons",
            "actions": ["1.1", "1.2", "4.1"],
        },
        {
            "body": "copil",
            "held_on": "2026-06-19",
            "title": "Bilan annuel 2025-2026",
            "location": "Colombey-les-Belles",
            "decisions": "Report de l'échéance de la fiche 1.2 à examiner au prochain comité technique.",
            "actions": ["1.1", "1.2", "2.1", "2.2"],
        },
        {
            "body": "cotech",
            "held_on": "2025-02-14",
            "location": "Toul",
            "attendees": ["tl_coord", "tl_ch"],
        },
        {
            "body": "cotech",
            "held_on": "2026-02-13",
            "location": "Toul",
            "attendees": ["tl_coord", "tl_ch"],
        },
        {"body": "gt", "held_on": "2025-10-03", "location": "Vézelise", "actions": ["1.1"]},
    ],
    "indicators": [
        {
            "code": "CLS-R01",
            "responsible": "tl_coord",
            "baseline": (7.0, "2023-01-01"),
            "target": (7.8, "2028-12-31"),
            "values": {"2024": 7.1, "2025": 7.4},
        },
        {
            "code": "CLS-R04",
            "action": "2.1",
            "responsible": "tl_coord",
            "baseline": (52.0, "2023-12-31"),
            "target": (60, "2028-06-30"),
            "values": {"2024": 53.4, "2025": 55.1},
            "statuses": {"2025": "validated"},
        },
        {
            "code": "CLS-P03",
            "action": "2.2",
            "responsible": "tl_coord",
            "baseline": (0, "2024-12-31"),
            "target": (150, "2028-12-31"),
            "values": {
                "2025-Q1": 28,
                "2025-Q2": 41,
                "2025-Q3": 22,
                "2025-Q4": 47,
                "2026-Q1": 52,
                "2026-Q2": 58,
                "2026-Q3": 31,
            },
            "statuses": {"2025-Q1": "validated", "2025-Q2": "validated", "2026-Q1": "submitted"},
        },
        {
            "code": "CLS-I02",
            "responsible": "tl_coord",
            "baseline": (118.5, "2022-12-31"),
            "target": (105, "2028-12-31"),
            "values": {"2024": 116.2},
        },
    ],
}

CONTRACTS = [FIRST, CURRENT]
