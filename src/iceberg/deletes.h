/*
 * deletes.h — which delete files apply to which data files (spec "Scan
 * Planning", reference §4.6), as pure functions over manifest entries whose
 * sequence numbers are already inherited. No I/O.
 *
 *   equality delete E applies to data file F when seq(F) < seq(E) (strictly)
 *     and E is global (unpartitioned spec) or in F's spec and partition;
 *   position delete P applies to F when seq(F) <= seq(P), same spec and
 *     partition, and P's referenced_data_file (if set) is F's path — the rows
 *     of P then name F by file_path.
 */
#ifndef FLOE_ICEBERG_DELETES_H
#define FLOE_ICEBERG_DELETES_H

#include <stdbool.h>

#include "iceberg/datafile.h"

/* spec ids of the manifests the entries came from; unpartitioned specs only carry data today */
bool floe_equality_delete_applies(const struct floe_manifest_entry *data, int data_spec_id,
				  const struct floe_manifest_entry *del, int del_spec_id, bool del_spec_unpartitioned);
bool floe_position_delete_applies(const struct floe_manifest_entry *data, int data_spec_id,
				  const struct floe_manifest_entry *del, int del_spec_id);

#endif
