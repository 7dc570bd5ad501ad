file(REMOVE_RECURSE
  "CMakeFiles/test_relcache.dir/tests/unit/test_relcache.c.o"
  "CMakeFiles/test_relcache.dir/tests/unit/test_relcache.c.o.d"
  "test_relcache"
  "test_relcache.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_relcache.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
