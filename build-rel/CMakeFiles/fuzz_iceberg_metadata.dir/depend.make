# Empty dependencies file for fuzz_iceberg_metadata.
# This may be replaced when dependencies are built.
