"""Pure-Python Chinese legal text understanding (no Django).

Modules: casenum (案号), judgment (full judgments), causes (案由/罪名 taxonomy), domains,
dates, amounts, numerals, segment (rjieba + legal dictionary), sources (file readers),
anonymize. Synthetic judgments (demo and test data) live in fengqiao.demo.generator, not here.
Import the submodules directly; nothing is loaded here.
"""
