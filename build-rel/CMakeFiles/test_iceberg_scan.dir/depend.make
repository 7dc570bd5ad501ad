# Empty dependencies file for test_iceberg_scan.
# This may be replaced when dependencies are built.
