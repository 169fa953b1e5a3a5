"""Tests of the benchmark's own pure helpers (no load, no timings)."""
