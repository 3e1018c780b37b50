"""The model, rules and formatter: plain Python, no Qt, no storage."""

from xindex.compiled import package_path

# Compiled copies of hot modules (see xindex.compiled) come first when they match the sources.
__path__ = package_path(__path__, __name__)
