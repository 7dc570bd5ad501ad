# Empty dependencies file for test_iceberg_storage.
# This may be replaced when dependencies are built.
