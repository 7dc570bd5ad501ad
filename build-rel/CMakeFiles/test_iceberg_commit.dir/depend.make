# Empty dependencies file for test_iceberg_commit.
# This may be replaced when dependencies are built.
