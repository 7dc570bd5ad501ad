# Empty compiler generated dependencies file for pqgen.
# This may be replaced when dependencies are built.
