"""The narrative vocabulary of the 山西/晋城 municipal template (interpreted by budgetlib.claims)."""
CLAIMS = None
