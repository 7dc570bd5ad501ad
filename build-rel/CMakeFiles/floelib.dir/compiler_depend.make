# Empty compiler generated dependencies file for floelib.
# This may be replaced when dependencies are built.
