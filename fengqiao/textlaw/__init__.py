"""Pure-Python Chinese legal text understanding (no Django).

Modules: casenum (案号), judgment (full judgments), causes (案由/罪名 taxonomy), domains,
dates, amounts, numerals, segment (rjieba + legal dictionary), sources (file readers),
generator (synthetic judgments). Import the submodules directly; nothing is loaded here.
"""
