"""Benchmarks that print tables (not timed tests); helpers shared with tests: wsclient, server."""
