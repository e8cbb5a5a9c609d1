"""The identities between the cells of the 山西/晋城 municipal template (interpreted by budgetlib.checks)."""
RULES: tuple = ()
