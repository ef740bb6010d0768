"""Recognition and clearances: a volunteer's checklist, Führungszeugnis and trainings; the
Kommune's checklist, requirements per category, and what runs out soon."""
