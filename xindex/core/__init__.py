"""The model, rules and formatter: plain Python, no Qt, no storage."""
