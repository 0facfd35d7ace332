"""Action sheets, their milestones, follow-up notes and funding lines."""
