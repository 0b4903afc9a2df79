// The admin's datasets page: every dataset with its last import (null while the database is unreachable).
import "server-only";
import { db } from "../db";
import { listDatasets } from "./list-datasets";

export function getDatasetsAdminView() {
  return listDatasets(db());
}
