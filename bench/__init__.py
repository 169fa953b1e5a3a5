"""Benchmarks for Printshop on its own isolated stack: page throughput, order-to-print-file latency, Hub calls."""
