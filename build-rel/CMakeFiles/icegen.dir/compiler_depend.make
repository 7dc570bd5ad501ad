# Empty compiler generated dependencies file for icegen.
# This may be replaced when dependencies are built.
