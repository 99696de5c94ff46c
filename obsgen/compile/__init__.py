"""Compilers: definitions in, plain data (Artefacts) out. No I/O here."""
