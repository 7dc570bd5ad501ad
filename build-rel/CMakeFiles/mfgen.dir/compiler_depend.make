# Empty compiler generated dependencies file for mfgen.
# This may be replaced when dependencies are built.
