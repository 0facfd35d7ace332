"""Belle-Île-en-Mer (Morbihan): the 2013 CLS studied by the EHESP in 2014, and its renewal.

The first contract was signed in January 2013 for three years by the ARS, the conseil général
du Morbihan and the communauté de communes, on three orientations. No coordinator was ever named,
the weakness the study insists on; the renewal starts with a funded coordination post.
"""

TERRITORY = {
    "name": "Communauté de communes de Belle-Île-en-Mer",
    "kind": "epci",
    "epcis": ["245600465"],
}
# Bangor, Locmaria, Le Palais, Sauzon.
COMMUNES = ["56009", "56114", "56152", "56241"]

COORDINATION = "coordination.belle-ile@demo.cls"
PILOTE = "pilote.belle-ile@demo.cls"
ARS = "ars.bretagne@demo.cls"

FIRST = {
    "key": "belle-ile-1",
    "title": "CLS de Belle-Île-en-Mer 2013-2015",
    "territory": TERRITORY,
    "ars": "53",
    "status": "closed",
    "scoping_started_on": "2010-05-03",
    "diagnosis_on": "2011-06-30",
    "signed_on": "2013-01-18",
    "starts_on": "2013-01-18",
    "ends_on": "2015-12-31",
    "summary": (
        "Belle-Île-en-Mer, île de quatre communes à une heure du continent, voit sa population "
        "passer d'environ 4 500 habitants l'hiver à 30 000 l'été. Le vieillissement des médecins "
        "libéraux, des successions non anticipées et l'absence d'organisation de la permanence "
        "des soins ont conduit les collectivités à alerter l'ARS, qui a financé en 2010 un "
        "diagnostic local de santé complétant celui de 2008.\n\n"
        "Signé pour trois ans par l'ARS Bretagne, le conseil général du Morbihan et la "
        "communauté de communes, le contrat retient trois orientations : l'organisation et "
        "l'accès aux soins, les soins et le maintien à domicile des personnes âgées, la "
        "prévention et la promotion de la santé. Aucun coordonnateur n'a été désigné : le suivi "
        "des axes a reposé sur l'ARS et les partenaires, ce que l'évaluation a relevé comme la "
        "principale faiblesse du contrat."
    ),
    "linked_schemes": ["prs"],
    "linked_schemes_notes": "Déclinaison du projet régional de santé de Bretagne 2012-2016.",
    "editor": ARS,
    "reviewer": ARS,
    "signatories": [
        ("ccbi", "signatory", "2012-11-29", "2013-01-18", "bi_president"),
        ("cd56", "signatory", "2012-12-10", "2013-01-18", None),
        ("ars-53", "signatory", None, "2013-01-18", None),
        ("ch_bi", "partner", None, None, None),
        ("sdis56", "partner", None, None, None),
        ("cpam56", "partner", None, None, None),
    ],
    "diagnosis": {
        "summary": (
            "Diagnostic confié par l'ARS à un consultant en organisation des soins. Il met en "
            "évidence un hôpital local doté d'un plateau technique pour les premières urgences, "
            "une diversité d'acteurs du premier recours (pompiers, cinq médecins généralistes, "
            "infirmiers) coopérant de façon informelle, mais sans régulation ni pratiques "
            "partagées, et des indicateurs de santé défavorables."
        ),
        "completed_on": "2011-06-30",
        "sources": "Diagnostic local de santé de la CCBI (2008) ; diagnostic complémentaire commandé par l'ARS Bretagne (2010-2011) ; données INSEE et ORS Bretagne.",
        "findings": [
            (
                "access_to_care",
                "Offre de premier recours fragile",
                "Cinq médecins généralistes pour quatre communes, dont plusieurs proches de la retraite ; successions non préparées.",
            ),
            (
                "access_to_care",
                "Permanence des soins non organisée",
                "Des patients attendent plusieurs heures aux urgences de l'hôpital local avant une évacuation vers le continent.",
            ),
            (
                "coordination",
                "Absence de régulation entre acteurs",
                "Libéraux, hôpital local et pompiers coopèrent sans règles communes.",
            ),
            (
                "prevention",
                "Mortalité prématurée supérieure à la moyenne régionale",
                "Mortalité générale supérieure à la moyenne nationale ; conduites addictives fréquentes.",
            ),
            (
                "medico_social",
                "Vieillissement marqué de la population",
                "Forte part des 75 ans et plus, pathologies liées à l'âge, isolement insulaire.",
            ),
            (
                "mental_health",
                "Problématiques de santé mentale",
                "Souffrance psychique repérée par les professionnels, sans offre de proximité.",
            ),
        ],
    },
    "axes": [
        {
            "number": 1,
            "title": "Améliorer l'organisation et l'accès aux soins",
            "objectives": [
                {
                    "number": "1.1",
                    "title": "Garantir une réponse de premier recours toute l'année",
                    "children": [
                        {
                            "number": "1.1.1",
                            "title": "Organiser la permanence des soins et la plateforme de premier recours",
                        },
                        {
                            "number": "1.1.2",
                            "title": "Restructurer l'hôpital local autour d'une maison de santé",
                        },
                    ],
                }
            ],
        },
        {
            "number": 2,
            "title": "Favoriser les soins et le maintien à domicile des personnes âgées",
            "objectives": [
                {
                    "number": "2.1",
                    "title": "Permettre aux personnes âgées de vieillir sur l'île",
                    "children": [
                        {"number": "2.1.1", "title": "Coordonner les intervenants du domicile"}
                    ],
                }
            ],
        },
        {
            "number": 3,
            "title": "Développer la prévention et la promotion de la santé en faveur des Bellilois",
            "objectives": [
                {
                    "number": "3.1",
                    "title": "Réduire les conduites addictives",
                    "children": [
                        {"number": "3.1.1", "title": "Sensibiliser les jeunes et les saisonniers"}
                    ],
                }
            ],
        },
    ],
    "actions": [
        {
            "number": "1.1",
            "axis": 1,
            "objectives": ["1.1.1"],
            "title": "Organiser la plateforme de premier recours et la permanence des soins",
            "description": "Tableau de garde partagé entre médecins libéraux et hôpital local ; mise à disposition du plateau technique.",
            "rationale": "Refus de certains libéraux de participer à la permanence des soins ; retards de prise en charge.",
            "expected_results": "Une garde assurée chaque nuit et chaque week-end, été comme hiver.",
            "lead": "ch_bi",
            "partners": ["msp_bi", "sdis56", "ars-53"],
            "targets": ["general_population", "professionals"],
            "determinants": ["access_to_care"],
            "themes": ["access_to_care", "coordination"],
            "priority": "high",
            "status": "done",
            "starts_on": "2013-02-01",
            "planned_end_on": "2014-06-30",
            "ended_on": "2014-09-30",
            "milestones": [
                ("Tableau de garde partagé validé", "2013-06-30", "2013-07-12"),
                ("Convention hôpital-libéraux signée", "2014-03-31", "2014-09-30"),
            ],
            "updates": [
                (
                    "2014-10-06",
                    ARS,
                    "La convention est signée ; la garde est assurée depuis l'été.",
                    "done",
                )
            ],
            "funding": [
                ("ars-53", "fir", 2013, 30000, 30000, 30000),
                ("ars-53", "fir", 2014, 25000, 25000, 25000),
            ],
        },
        {
            "number": "1.2",
            "axis": 1,
            "objectives": ["1.1.1"],
            "title": "Former les professionnels de santé de l'île aux gestes d'urgence",
            "lead": "ch_bi",
            "partners": ["sdis56", "ars-53"],
            "targets": ["professionals"],
            "themes": ["access_to_care"],
            "status": "done",
            "starts_on": "2013-04-01",
            "planned_end_on": "2015-12-31",
            "ended_on": "2015-11-30",
            "funding": [
                ("ars-53", "fir", 2013, 8000, 8000, 8000),
                ("ars-53", "fir", 2014, 8000, 6500, 6500),
            ],
        },
        {
            "number": "1.3",
            "axis": 1,
            "objectives": ["1.1.2"],
            "title": "Restructurer l'hôpital local et y implanter une maison de santé pluriprofessionnelle",
            "lead": "ch_bi",
            "partners": ["ccbi", "ars-53", "msp_bi"],
            "targets": ["general_population", "professionals"],
            "determinants": ["access_to_care"],
            "themes": ["access_to_care"],
            "priority": "high",
            "status": "done",
            "starts_on": "2013-06-01",
            "planned_end_on": "2015-12-31",
            "ended_on": "2016-03-31",
            "funding": [("ars-53", "fir", 2014, 50000, 50000, 50000, "Ingénierie MSP")],
        },
        {
            "number": "2.1",
            "axis": 2,
            "objectives": ["2.1.1"],
            "title": "Coordonner les intervenants du domicile autour de la personne âgée",
            "lead": "cd56",
            "partners": ["ch_bi", "ccbi"],
            "targets": ["older_people", "carers"],
            "determinants": ["social_ties"],
            "themes": ["medico_social"],
            "status": "abandoned",
            "starts_on": "2014-01-01",
            "planned_end_on": "2015-12-31",
            "ended_on": "2015-06-30",
            "updates": [
                (
                    "2015-07-02",
                    ARS,
                    "Sans coordonnateur pour réunir les intervenants, l'action n'a pas démarré ; reportée au prochain contrat.",
                    "abandoned",
                )
            ],
        },
        {
            "number": "3.1",
            "axis": 3,
            "objectives": ["3.1.1"],
            "title": "Prévenir les conduites addictives chez les jeunes et les saisonniers",
            "lead": "ccbi",
            "partners": ["ps_bzh"],
            "targets": ["young_people", "workers"],
            "determinants": ["behaviours"],
            "themes": ["prevention"],
            "status": "abandoned",
            "starts_on": "2014-05-01",
            "planned_end_on": "2015-09-30",
            "ended_on": "2015-09-30",
        },
    ],
    "bodies": [
        {
            "key": "copil",
            "name": "Comité de pilotage du CLS de Belle-Île-en-Mer (2013-2015)",
            "kind": "copil",
            "description": "ARS Bretagne, conseil général du Morbihan, communauté de communes.",
            "organisations": ["ars-53", "cd56", "ccbi"],
        }
    ],
    "meetings": [
        {
            "body": "copil",
            "held_on": "2013-03-22",
            "title": "Installation du comité de pilotage",
            "location": "Le Palais",
            "organisations": ["ars-53", "cd56", "ccbi"],
        },
        {
            "body": "copil",
            "held_on": "2014-06-13",
            "title": "Bilan de la première année",
            "location": "Le Palais",
            "organisations": ["ars-53", "cd56", "ccbi", "ch_bi"],
            "actions": ["1.1", "1.3"],
        },
        {
            "body": "copil",
            "held_on": "2015-12-04",
            "title": "Bilan final",
            "location": "Vannes",
            "organisations": ["ars-53", "cd56", "ccbi"],
            "decisions": "Engager un nouveau diagnostic ; prévoir un poste de coordination dans le prochain contrat.",
        },
    ],
    "indicators": [
        {
            "code": "CLS-P04",
            "action": "1.2",
            "baseline": (0, "2013-01-01"),
            "target": (20, "2015-12-31"),
            "values": {"2013-S2": 8, "2014-S1": 6, "2014-S2": 5, "2015-S1": 4},
        },
    ],
}

CURRENT = {
    "key": "belle-ile-2",
    "predecessor": "belle-ile-1",
    "title": "CLS de Belle-Île-en-Mer 2024-2028",
    "territory": TERRITORY,
    "ars": "53",
    "status": "implementation",
    "scoping_started_on": "2022-09-05",
    "diagnosis_on": "2023-06-30",
    "signed_on": "2024-02-09",
    "starts_on": "2024-03-01",
    "ends_on": "2028-12-31",
    "summary": (
        "Deuxième contrat local de santé de Belle-Île-en-Mer. Il tire les leçons du premier : "
        "une coordinatrice à 0,8 ETP, cofinancée par l'ARS et la communauté de communes, anime "
        "le contrat dès sa signature ; un comité technique se réunit deux fois par an ; chaque "
        "fiche action a un pilote et des indicateurs suivis sur la plateforme.\n\n"
        "Quatre axes : accès aux soins et continuité des soins entre l'île et le continent, "
        "parcours des personnes âgées, prévention (notamment en saison estivale), santé mentale "
        "et conduites addictives."
    ),
    "linked_schemes": ["prs", "ptsm"],
    "linked_schemes_notes": "PRS Bretagne 2023-2028 ; projet territorial de santé mentale du Morbihan.",
    "editor": COORDINATION,
    "reviewer": ARS,
    "signatories": [
        ("ccbi", "signatory", "2023-12-14", "2024-02-09", "bi_president"),
        ("ars-53", "signatory", None, "2024-02-09", None),
        ("cd56", "associated", "2024-01-22", "2024-02-09", None),
        ("pref56", "associated", None, "2024-02-09", None),
        ("cpam56", "associated", None, "2024-02-09", None),
        ("msa_pdb", "associated", None, "2024-02-09", None),
        ("ch_bi", "associated", "2024-01-25", "2024-02-09", None),
        ("msp_bi", "partner", None, None, None),
        ("ors_bzh", "partner", None, None, None),
        ("ps_bzh", "partner", None, None, None),
        ("sdis56", "partner", None, None, None),
    ],
    "coordinators": [
        {
            "person": "bi_coord",
            "started_on": "2024-03-01",
            "fte": "0.8",
            "funders": ["ars-53", "ccbi"],
            "funding_notes": "Poste financé à parts égales par le FIR et la communauté de communes.",
        }
    ],
    "diagnosis": {
        "summary": (
            "Diagnostic réalisé par l'ORS Bretagne en 2023 : entretiens avec 38 professionnels et "
            "élus, questionnaire auprès de 412 habitants, exploitation des données de l'Assurance "
            "maladie. L'offre de premier recours s'est stabilisée autour de la maison de santé, "
            "mais reste dépendante de deux médecins proches de la retraite ; la saison estivale "
            "sature les urgences ; le vieillissement s'accentue."
        ),
        "carried_out_by": "ors_bzh",
        "completed_on": "2023-06-30",
        "sources": "INSEE RP 2020 ; SNDS 2022 ; RPPS 2023 ; enquête habitants (412 réponses) ; entretiens.",
        "findings": [
            (
                "access_to_care",
                "Cinq médecins généralistes, dont deux de plus de 62 ans",
                "Densité de 8,9 médecins pour 10 000 habitants, contre 9,6 en Bretagne.",
            ),
            (
                "access_to_care",
                "Urgences saturées l'été",
                "Les passages triplent en juillet-août ; les évacuations sanitaires prennent en médiane plus de quatre heures.",
            ),
            (
                "medico_social",
                "Une personne sur cinq a 75 ans ou plus",
                "Isolement, logements peu adaptés, aidants épuisés.",
            ),
            (
                "prevention",
                "Participation faible aux dépistages organisés",
                "Participation au dépistage du cancer du sein inférieure de six points à la moyenne départementale.",
            ),
            (
                "mental_health",
                "Souffrance psychique et addictions",
                "Consommations d'alcool à risque chez les jeunes adultes et les travailleurs saisonniers.",
            ),
            (
                "health_environment",
                "Qualité de l'eau et assainissement",
                "Épisodes de non-conformité bactériologique en été sur deux réseaux.",
            ),
        ],
    },
    "axes": [
        {
            "number": 1,
            "title": "Accès aux soins de premier recours et continuité des soins",
            "description": "Stabiliser l'offre de premier recours et fluidifier les liens avec le continent.",
            "objectives": [
                {
                    "number": "1.1",
                    "title": "Maintenir une offre de premier recours suffisante toute l'année",
                    "children": [
                        {
                            "number": "1.1.1",
                            "title": "Attirer de nouveaux professionnels",
                            "children": [
                                {
                                    "number": "1.1.1.a",
                                    "title": "Proposer un logement aux internes et remplaçants",
                                }
                            ],
                        },
                        {"number": "1.1.2", "title": "Organiser les soins non programmés"},
                        {"number": "1.1.3", "title": "Développer la télésanté avec le continent"},
                    ],
                }
            ],
        },
        {
            "number": 2,
            "title": "Parcours des personnes âgées et maintien à domicile",
            "objectives": [
                {
                    "number": "2.1",
                    "title": "Prévenir la perte d'autonomie",
                    "children": [
                        {"number": "2.1.1", "title": "Repérer la fragilité à domicile"},
                        {"number": "2.1.2", "title": "Soutenir les aidants"},
                    ],
                }
            ],
        },
        {
            "number": 3,
            "title": "Prévention et promotion de la santé",
            "objectives": [
                {
                    "number": "3.1",
                    "title": "Adapter la prévention aux rythmes de l'île",
                    "children": [
                        {
                            "number": "3.1.1",
                            "title": "Mener des actions estivales auprès des saisonniers",
                        }
                    ],
                }
            ],
        },
        {
            "number": 4,
            "title": "Santé mentale et conduites addictives",
            "objectives": [
                {
                    "number": "4.1",
                    "title": "Mieux accompagner les situations de souffrance psychique",
                    "children": [
                        {
                            "number": "4.1.1",
                            "title": "Coordonner les réponses aux situations complexes",
                        }
                    ],
                }
            ],
        },
    ],
    "actions": [
        {
            "number": "1.1",
            "axis": 1,
            "objectives": ["1.1.1", "1.1.1.a"],
            "title": "Accueillir et loger les internes et les médecins remplaçants",
            "description": "Deux logements meublés à Le Palais réservés aux internes en stage et aux remplaçants ; accueil par la maison de santé ; pass traversée.",
            "rationale": "Le coût du logement en saison décourage les remplacements et les stages.",
            "expected_results": "Quatre internes accueillis par an ; au moins une installation d'ici 2027.",
            "lead": "ccbi",
            "lead_person": "bi_coord",
            "partners": ["msp_bi", "ars-53", "cpam56"],
            "targets": ["professionals"],
            "determinants": ["housing", "access_to_care"],
            "themes": ["access_to_care"],
            "communes": ["56152"],
            "participation": "information",
            "priority": "high",
            "status": "in_progress",
            "starts_on": "2024-03-01",
            "planned_end_on": "2027-12-31",
            "milestones": [
                ("Convention avec la faculté de médecine de Brest", "2024-06-30", "2024-06-18"),
                ("Premier logement meublé disponible", "2024-09-30", "2024-10-01"),
                ("Second logement disponible", "2025-06-30", "2025-05-20"),
                ("Première installation d'un médecin", "2027-06-30", None),
            ],
            "updates": [
                (
                    "2024-10-03",
                    COORDINATION,
                    "Premier logement remis aux clés ; deux internes accueillis pour le semestre d'hiver.",
                    "in_progress",
                ),
                (
                    "2025-11-14",
                    COORDINATION,
                    "Sept internes accueillis depuis l'ouverture ; une remplaçante envisage de s'installer en 2026.",
                    "",
                ),
            ],
            "funding": [
                ("ccbi", "collectivite", 2024, 18000, 18000, 18000),
                ("ars-53", "fir", 2024, 10000, 10000, 10000, "FIR-2024-56-031"),
                ("ccbi", "collectivite", 2025, 22000, 22000, 22000),
                ("ars-53", "fir", 2025, 10000, 10000, 7000, "FIR-2025-56-018"),
                ("ccbi", "collectivite", 2026, 22000, 22000, 11000),
                ("ars-53", "fir", 2026, 12000, 0, 0),
            ],
        },
        {
            "number": "1.2",
            "axis": 1,
            "objectives": ["1.1.2"],
            "title": "Consolider la plateforme de premier recours et la régulation des soins non programmés",
            "description": "Régulation commune libéraux-hôpital, protocole d'évacuation sanitaire avec le SAMU 56 et le SDIS, renfort estival.",
            "rationale": "Les urgences de l'hôpital saturent l'été ; les délais d'évacuation restent longs.",
            "expected_results": "Délai médian d'évacuation ramené sous trois heures ; aucune nuit sans médecin de garde.",
            "lead": "ch_bi",
            "lead_person": "bi_pilote",
            "partners": ["msp_bi", "sdis56", "ars-53"],
            "targets": ["general_population", "professionals"],
            "determinants": ["access_to_care"],
            "themes": ["access_to_care", "coordination"],
            "priority": "high",
            "status": "in_progress",
            "starts_on": "2024-04-01",
            "planned_end_on": "2027-09-30",
            "milestones": [
                (
                    "Protocole d'évacuation sanitaire signé avec le SAMU 56",
                    "2024-06-30",
                    "2024-07-05",
                ),
                ("Renfort estival de deux médecins", "2025-07-01", "2025-07-01"),
                ("Formation aux gestes d'urgence de toutes les équipes", "2026-12-31", None),
            ],
            "updates": [
                (
                    "2024-09-20",
                    PILOTE,
                    "Premier été avec le protocole : 41 évacuations, délai médian de 3 h 50.",
                    "in_progress",
                ),
                (
                    "2025-09-25",
                    PILOTE,
                    "Renfort estival efficace ; délai médian ramené à 3 h 10 hors transferts héliportés de nuit.",
                    "",
                ),
                (
                    "2026-10-08",
                    PILOTE,
                    "Formation aux gestes d'urgence : 6 professionnels formés au premier semestre, session de novembre complète.",
                    "",
                ),
            ],
            "funding": [
                ("ars-53", "fir", 2024, 35000, 35000, 35000, "FIR-2024-56-032"),
                ("ars-53", "fir", 2025, 40000, 38000, 38000, "FIR-2025-56-019"),
                ("ars-53", "fir", 2026, 40000, 40000, 20000, "FIR-2026-56-011"),
                ("cpam56", "cpam", 2025, 6000, 6000, 6000),
            ],
        },
        {
            "number": "1.3",
            "axis": 1,
            "objectives": ["1.1.3"],
            "title": "Développer la téléconsultation et la télé-expertise avec le continent",
            "description": "Équiper la maison de santé et l'hôpital pour la télé-expertise en dermatologie, cardiologie et psychiatrie avec les établissements de Vannes et d'Auray.",
            "lead": "msp_bi",
            "lead_person": "bi_msp",
            "partners": ["ch_bi", "cpam56", "ars-53"],
            "targets": ["general_population", "older_people"],
            "determinants": ["access_to_care", "transport"],
            "themes": ["access_to_care"],
            "priority": "medium",
            "status": "in_progress",
            "starts_on": "2024-06-01",
            "planned_end_on": "2025-12-31",
            "milestones": [
                ("Équipement de deux salles de téléconsultation", "2024-12-31", "2025-02-14"),
                ("Convention de télé-expertise avec les spécialistes", "2025-06-30", None),
            ],
            "updates": [
                (
                    "2025-10-02",
                    COORDINATION,
                    "Les salles sont équipées mais la convention avec les spécialistes n'est pas signée : action en retard.",
                    "",
                ),
            ],
            "funding": [
                ("ars-53", "fir", 2024, 15000, 15000, 15000),
                ("ccbi", "collectivite", 2025, 5000, 5000, 0),
            ],
        },
        {
            "number": "2.1",
            "axis": 2,
            "objectives": ["2.1.1"],
            "title": "Repérer la fragilité des personnes âgées à domicile",
            "description": "Repérage par les aides à domicile, infirmiers et pharmaciens (grille partagée), orientation vers une évaluation gériatrique.",
            "lead": "cd56",
            "lead_person": "bi_cd56",
            "partners": ["ch_bi", "msa_pdb", "ccbi"],
            "targets": ["older_people", "carers", "professionals"],
            "determinants": ["social_ties", "housing"],
            "themes": ["medico_social"],
            "participation": "consultation",
            "status": "in_progress",
            "starts_on": "2024-09-01",
            "planned_end_on": "2027-12-31",
            "milestones": [("Grille de repérage partagée adoptée", "2024-12-31", "2024-12-10")],
            "updates": [
                (
                    "2025-12-12",
                    COORDINATION,
                    "61 personnes repérées en 2025, dont 44 orientées vers une évaluation.",
                    "",
                )
            ],
            "funding": [
                ("cd56", "collectivite", 2025, 12000, 12000, 12000),
                ("msa_pdb", "other", 2025, 3000, 3000, 3000),
                ("cd56", "collectivite", 2026, 12000, 12000, 6000),
            ],
        },
        {
            "number": "2.2",
            "axis": 2,
            "objectives": ["2.1.2"],
            "title": "Créer une solution de répit pour les aidants sur l'île",
            "lead": "ccbi",
            "partners": ["cd56", "msa_pdb"],
            "targets": ["carers", "older_people"],
            "determinants": ["social_ties"],
            "themes": ["medico_social"],
            "participation": "concertation",
            "priority": "low",
            "status": "planned",
            "starts_on": "2027-01-01",
            "planned_end_on": "2028-12-31",
            "funding": [("cd56", "collectivite", 2027, 20000, 0, 0)],
        },
        {
            "number": "3.1",
            "axis": 3,
            "objectives": ["3.1.1"],
            "title": "Prévention estivale auprès des saisonniers et des visiteurs",
            "description": "Stand de prévention au port de Le Palais, distribution de kits (protection solaire, alcool, préservatifs), permanences d'un infirmier.",
            "lead": "ccbi",
            "lead_person": "bi_coord",
            "partners": ["ps_bzh", "sdis56"],
            "targets": ["workers", "young_people", "general_population"],
            "determinants": ["behaviours", "work"],
            "themes": ["prevention"],
            "communes": ["56152", "56241"],
            "participation": "consultation",
            "status": "done",
            "starts_on": "2024-06-15",
            "planned_end_on": "2025-09-30",
            "ended_on": "2025-09-15",
            "updates": [
                (
                    "2025-09-19",
                    COORDINATION,
                    "Deux saisons menées ; 1 240 contacts. Action reconduite en gestion courante par la CCBI.",
                    "done",
                )
            ],
            "funding": [
                ("ars-53", "fir", 2024, 6000, 6000, 6000),
                ("ars-53", "fir", 2025, 6000, 6000, 6000),
                ("ccbi", "collectivite", 2025, 2500, 2500, 2500),
            ],
        },
        {
            "number": "4.1",
            "axis": 4,
            "objectives": ["4.1.1"],
            "title": "Coordonner l'accompagnement des situations individuelles complexes en santé mentale",
            "description": "Réunions mensuelles de concertation entre le centre médico-psychologique, le médecin traitant, les services sociaux et la mairie, sur des situations nominatives.",
            "rationale": "Des situations de crise sans réponse coordonnée, faute de psychiatre sur l'île.",
            "lead": "ch_bi",
            "partners": ["cd56", "msp_bi"],
            "targets": ["vulnerable_people", "general_population"],
            "determinants": ["social_ties"],
            "themes": ["mental_health", "coordination"],
            "status": "in_progress",
            "starts_on": "2025-01-01",
            "planned_end_on": "2028-06-30",
            "confidential": True,
            "updates": [
                (
                    "2026-06-30",
                    COORDINATION,
                    "Onze situations suivies au premier semestre ; deux hospitalisations évitées.",
                    "",
                )
            ],
        },
    ],
    "bodies": [
        {
            "key": "copil",
            "name": "Comité de pilotage",
            "kind": "copil",
            "description": "Présidé conjointement par la délégation départementale de l'ARS et le président de la communauté de communes ; se réunit au moins une fois par an pour le bilan annuel.",
            "organisations": ["ars-53", "ccbi", "cd56", "pref56", "cpam56", "msa_pdb", "ch_bi"],
            "members": ["ars_bzh", "bi_elu", "bi_president", "bi_coord"],
        },
        {
            "key": "cotech",
            "name": "Comité technique",
            "kind": "cotech",
            "description": "Pilotes des fiches actions, animé par la coordinatrice ; deux réunions par an.",
            "organisations": ["ccbi", "ch_bi", "msp_bi", "cd56", "ors_bzh"],
            "members": ["bi_coord", "bi_pilote", "bi_msp", "bi_cd56"],
        },
        {
            "key": "gt_age",
            "name": "Groupe de travail « Bien vieillir sur l'île »",
            "kind": "working_group",
            "organisations": ["cd56", "ch_bi", "msa_pdb", "ccbi"],
            "members": ["bi_cd56", "bi_coord"],
        },
    ],
    "meetings": [
        {
            "body": "copil",
            "held_on": "2024-03-15",
            "title": "Installation du comité de pilotage",
            "location": "Le Palais, salle du conseil communautaire",
            "agenda": "Présentation du contrat signé ; calendrier ; indicateurs.",
            "organisations": ["ars-53", "ccbi", "cd56", "ch_bi"],
            "attendees": ["ars_bzh", "bi_elu", "bi_coord"],
        },
        {
            "body": "cotech",
            "held_on": "2024-06-07",
            "title": "Lancement des fiches actions",
            "location": "Le Palais",
            "attendees": ["bi_coord", "bi_pilote", "bi_msp"],
            "actions": ["1.1", "1.2", "1.3"],
        },
        {
            "body": "cotech",
            "held_on": "2024-11-22",
            "location": "Le Palais",
            "attendees": ["bi_coord", "bi_pilote", "bi_cd56"],
            "actions": ["1.2", "2.1"],
        },
        {
            "body": "copil",
            "held_on": "2025-03-21",
            "title": "Bilan annuel 2024",
            "location": "Le Palais",
            "decisions": "Bilan 2024 adopté ; renfort estival de deux médecins financé pour 2025.",
            "organisations": ["ars-53", "ccbi", "cd56", "cpam56", "ch_bi"],
            "attendees": ["ars_bzh", "bi_elu", "bi_coord", "bi_pilote"],
            "actions": ["1.1", "1.2", "1.3", "2.1", "3.1"],
        },
        {
            "body": "gt_age",
            "held_on": "2025-05-16",
            "title": "Repérage de la fragilité : premier bilan",
            "location": "Bangor",
            "attendees": ["bi_cd56", "bi_coord"],
            "actions": ["2.1"],
        },
        {
            "body": "cotech",
            "held_on": "2025-06-13",
            "location": "Le Palais",
            "attendees": ["bi_coord", "bi_pilote", "bi_msp"],
        },
        {
            "body": "cotech",
            "held_on": "2025-11-21",
            "location": "Le Palais",
            "attendees": ["bi_coord", "bi_pilote", "bi_cd56"],
            "actions": ["1.3"],
            "decisions": "Relancer les spécialistes de Vannes pour la convention de télé-expertise.",
        },
        {
            "body": "copil",
            "held_on": "2026-03-27",
            "title": "Bilan annuel 2025",
            "location": "Le Palais",
            "decisions": "Bilan 2025 adopté ; la valeur 2025 du délai d'évacuation est à recalculer.",
            "organisations": ["ars-53", "ccbi", "cd56", "pref56", "ch_bi"],
            "attendees": ["ars_bzh", "bi_elu", "bi_coord"],
            "actions": ["1.1", "1.2", "1.3", "2.1", "4.1"],
        },
        {
            "body": "cotech",
            "held_on": "2026-10-09",
            "location": "Le Palais",
            "attendees": ["bi_coord", "bi_pilote", "bi_msp", "bi_cd56"],
        },
    ],
    "own_definitions": [
        {
            "code": "BI-EVASAN",
            "name": "Délai médian d'évacuation sanitaire vers le continent",
            "description": "De l'appel au SAMU à l'arrivée sur le continent, toutes évacuations confondues.",
            "kind": "result",
            "unit": "heures",
            "decimals": 1,
            "direction": "down",
            "min_value": 0,
            "max_value": 48,
            "source": "Registre du centre hospitalier",
            "geographic_level": "territory",
            "periodicity": "year",
        }
    ],
    "indicators": [
        {
            "code": "CLS-R01",
            "responsible": "bi_coord",
            "baseline": (8.9, "2023-01-01"),
            "target": (10.7, "2028-12-31"),
            "values": {"2024": 8.9, "2025": 10.7},
        },
        {
            "code": "CLS-P01",
            "responsible": "bi_coord",
            "baseline": (0, "2023-12-31"),
            "target": (1, "2028-12-31"),
            "values": {"2024": 1, "2025": 1, "2026": 1},
        },
        {
            "code": "CLS-R02",
            "responsible": "bi_coord",
            "baseline": (12.8, "2023-12-31"),
            "target": (8, "2028-12-31"),
            "values": {
                "2024-S1": (612, 4890),
                "2024-S2": (590, 4902),
                "2025-S1": (545, 4915),
                "2025-S2": (530, 4921),
                "2026-S1": (498, 4930),
            },
            "statuses": {"2025-S1": "validated"},
        },
        {
            "code": "BI-EVASAN",
            "action": "1.2",
            "responsible": "bi_pilote",
            "baseline": (4.3, "2023-12-31"),
            "target": (3, "2027-09-30"),
            "values": {"2024": 3.8, "2025": 3.2},
            "statuses": {
                "2025": (
                    "rejected",
                    "Le délai 2025 exclut les transferts héliportés de nuit : merci de le "
                    "recalculer sur l'ensemble des évacuations, comme en 2024.",
                )
            },
        },
        {
            "code": "CLS-P04",
            "action": "1.2",
            "responsible": "bi_pilote",
            "baseline": (0, "2024-01-01"),
            "target": (40, "2027-09-30"),
            "values": {"2024-S2": 14, "2025-S1": 9, "2025-S2": 11, "2026-S1": 6},
        },
        {
            "code": "CLS-R06",
            "action": "2.1",
            "responsible": "bi_cd56",
            "baseline": (0, "2024-08-31"),
            "target": (80, "2027-12-31"),
            "values": {"2024": 12, "2025": 61},
        },
    ],
}

CONTRACTS = [FIRST, CURRENT]
