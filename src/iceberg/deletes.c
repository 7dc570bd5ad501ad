/*
 * deletes.c — delete-file applicability by sequence number (see deletes.h):
 * equality deletes strictly newer than the data, position deletes newer or
 * equal and naming the same file. Pure functions over manifest entries; the
 * row matching itself is in scan.c.
 */
#include "iceberg/deletes.h"

#include <string.h>

bool floe_equality_delete_applies(const struct floe_manifest_entry *data, int data_spec_id,
				  const struct floe_manifest_entry *del, int del_spec_id, bool del_spec_unpartitioned)
{
	if (data->status == FLOE_ENTRY_DELETED || del->status == FLOE_ENTRY_DELETED)
		return false;
	if (data->file.content != FLOE_CONTENT_DATA || del->file.content != FLOE_CONTENT_EQUALITY_DELETES)
		return false;
	if (!del_spec_unpartitioned && del_spec_id != data_spec_id)
		return false; /* partitioned: same spec (and partition; floe writes none) */
	return data->sequence_number < del->sequence_number;
}

bool floe_position_delete_applies(const struct floe_manifest_entry *data, int data_spec_id,
				  const struct floe_manifest_entry *del, int del_spec_id)
{
	if (data->status == FLOE_ENTRY_DELETED || del->status == FLOE_ENTRY_DELETED)
		return false;
	if (data->file.content != FLOE_CONTENT_DATA || del->file.content != FLOE_CONTENT_POSITION_DELETES)
		return false;
	if (del_spec_id != data_spec_id)
		return false;
	if (del->file.referenced_data_file && strcmp(del->file.referenced_data_file, data->file.file_path) != 0)
		return false;
	return data->sequence_number <= del->sequence_number;
}
