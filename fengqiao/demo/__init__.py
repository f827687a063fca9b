"""Generators and demo builders (judgments, case-management records, courts and people,
suggestions): demo and test data, never domain code."""
