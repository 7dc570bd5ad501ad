file(REMOVE_RECURSE
  "libfloelib.a"
)
