/*
 * manifest_schema.h — the Avro schemas floe writes for Iceberg v2 manifests
 * (manifest_entry with data_file r2) and manifest lists (manifest_file),
 * as JSON text, built from the field tables of the Iceberg spec. Primitives
 * are plain strings ("long"), which every reader (icebird included) accepts.
 * Internal to src/iceberg/manifest*.c.
 */
#ifndef FLOE_ICEBERG_MANIFEST_SCHEMA_H
#define FLOE_ICEBERG_MANIFEST_SCHEMA_H

/* An int-keyed Iceberg map: an array of k<K>_v<V> records, logicalType map. */
#define FLOE_MF_INTMAP(K, V, VT)                                                                      \
	"[\"null\",{\"type\":\"array\",\"items\":{\"type\":\"record\",\"name\":\"k" #K "_v" #V "\","       \
	"\"fields\":[{\"name\":\"key\",\"type\":\"int\",\"field-id\":" #K "},"                              \
	"{\"name\":\"value\",\"type\":\"" VT "\",\"field-id\":" #V "}]},\"logicalType\":\"map\"}]"

#define FLOE_MF_OPT(T) "[\"null\",\"" T "\"]"

/* manifest_entry, format v2, unpartitioned (r102 has no fields) */
#define FLOE_MANIFEST_ENTRY_SCHEMA_V2                                                                 \
	"{\"type\":\"record\",\"name\":\"manifest_entry\",\"fields\":["                                    \
	"{\"name\":\"status\",\"type\":\"int\",\"field-id\":0},"                                            \
	"{\"name\":\"snapshot_id\",\"type\":" FLOE_MF_OPT("long") ",\"default\":null,\"field-id\":1},"      \
	"{\"name\":\"sequence_number\",\"type\":" FLOE_MF_OPT("long") ",\"default\":null,\"field-id\":3},"  \
	"{\"name\":\"file_sequence_number\",\"type\":" FLOE_MF_OPT("long") ",\"default\":null,\"field-id\":4}," \
	"{\"name\":\"data_file\",\"type\":{\"type\":\"record\",\"name\":\"r2\",\"fields\":["               \
	"{\"name\":\"content\",\"type\":\"int\",\"field-id\":134},"                                         \
	"{\"name\":\"file_path\",\"type\":\"string\",\"field-id\":100},"                                    \
	"{\"name\":\"file_format\",\"type\":\"string\",\"field-id\":101},"                                  \
	"{\"name\":\"partition\",\"type\":{\"type\":\"record\",\"name\":\"r102\",\"fields\":[]},\"field-id\":102}," \
	"{\"name\":\"record_count\",\"type\":\"long\",\"field-id\":103},"                                   \
	"{\"name\":\"file_size_in_bytes\",\"type\":\"long\",\"field-id\":104},"                             \
	"{\"name\":\"column_sizes\",\"type\":" FLOE_MF_INTMAP(117, 118, "long") ",\"default\":null,\"field-id\":108}," \
	"{\"name\":\"value_counts\",\"type\":" FLOE_MF_INTMAP(119, 120, "long") ",\"default\":null,\"field-id\":109}," \
	"{\"name\":\"null_value_counts\",\"type\":" FLOE_MF_INTMAP(121, 122, "long") ",\"default\":null,\"field-id\":110}," \
	"{\"name\":\"nan_value_counts\",\"type\":" FLOE_MF_INTMAP(138, 139, "long") ",\"default\":null,\"field-id\":137}," \
	"{\"name\":\"lower_bounds\",\"type\":" FLOE_MF_INTMAP(126, 127, "bytes") ",\"default\":null,\"field-id\":125}," \
	"{\"name\":\"upper_bounds\",\"type\":" FLOE_MF_INTMAP(129, 130, "bytes") ",\"default\":null,\"field-id\":128}," \
	"{\"name\":\"key_metadata\",\"type\":" FLOE_MF_OPT("bytes") ",\"default\":null,\"field-id\":131},"  \
	"{\"name\":\"split_offsets\",\"type\":[\"null\",{\"type\":\"array\",\"items\":\"long\",\"element-id\":133}]," \
	"\"default\":null,\"field-id\":132},"                                                               \
	"{\"name\":\"equality_ids\",\"type\":[\"null\",{\"type\":\"array\",\"items\":\"int\",\"element-id\":136}]," \
	"\"default\":null,\"field-id\":135},"                                                               \
	"{\"name\":\"sort_order_id\",\"type\":" FLOE_MF_OPT("int") ",\"default\":null,\"field-id\":140},"   \
	"{\"name\":\"referenced_data_file\",\"type\":" FLOE_MF_OPT("string") ",\"default\":null,\"field-id\":143}" \
	"]},\"field-id\":2}]}"

/* manifest_file, format v2 */
#define FLOE_MANIFEST_FILE_SCHEMA_V2                                                                  \
	"{\"type\":\"record\",\"name\":\"manifest_file\",\"fields\":["                                     \
	"{\"name\":\"manifest_path\",\"type\":\"string\",\"field-id\":500},"                                \
	"{\"name\":\"manifest_length\",\"type\":\"long\",\"field-id\":501},"                                \
	"{\"name\":\"partition_spec_id\",\"type\":\"int\",\"field-id\":502},"                               \
	"{\"name\":\"content\",\"type\":\"int\",\"field-id\":517},"                                         \
	"{\"name\":\"sequence_number\",\"type\":\"long\",\"field-id\":515},"                                \
	"{\"name\":\"min_sequence_number\",\"type\":\"long\",\"field-id\":516},"                            \
	"{\"name\":\"added_snapshot_id\",\"type\":\"long\",\"field-id\":503},"                              \
	"{\"name\":\"added_files_count\",\"type\":\"int\",\"field-id\":504},"                               \
	"{\"name\":\"existing_files_count\",\"type\":\"int\",\"field-id\":505},"                            \
	"{\"name\":\"deleted_files_count\",\"type\":\"int\",\"field-id\":506},"                             \
	"{\"name\":\"added_rows_count\",\"type\":\"long\",\"field-id\":512},"                               \
	"{\"name\":\"existing_rows_count\",\"type\":\"long\",\"field-id\":513},"                            \
	"{\"name\":\"deleted_rows_count\",\"type\":\"long\",\"field-id\":514},"                             \
	"{\"name\":\"partitions\",\"type\":[\"null\",{\"type\":\"array\",\"items\":{\"type\":\"record\","   \
	"\"name\":\"r508\",\"fields\":["                                                                    \
	"{\"name\":\"contains_null\",\"type\":\"boolean\",\"field-id\":509},"                               \
	"{\"name\":\"contains_nan\",\"type\":" FLOE_MF_OPT("boolean") ",\"default\":null,\"field-id\":518},"\
	"{\"name\":\"lower_bound\",\"type\":" FLOE_MF_OPT("bytes") ",\"default\":null,\"field-id\":510},"   \
	"{\"name\":\"upper_bound\",\"type\":" FLOE_MF_OPT("bytes") ",\"default\":null,\"field-id\":511}"    \
	"]},\"element-id\":508}],\"default\":null,\"field-id\":507},"                                       \
	"{\"name\":\"key_metadata\",\"type\":" FLOE_MF_OPT("bytes") ",\"default\":null,\"field-id\":519}"   \
	"]}"

#endif
