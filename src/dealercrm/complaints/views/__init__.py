"""Complaint pages, split by concern: pages (list, intake, detail), steps (one POST route per action),
inbox (my notifications), improvements (improvement actions), analysis."""
