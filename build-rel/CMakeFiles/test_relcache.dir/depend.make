# Empty dependencies file for test_relcache.
# This may be replaced when dependencies are built.
