# Empty dependencies file for test_iceberg_metadata.
# This may be replaced when dependencies are built.
