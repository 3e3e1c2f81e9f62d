"""Vensim `.mdl` and XMILE as text: reading variables with their exact places, name folding,
and saving edits back byte-exact."""
