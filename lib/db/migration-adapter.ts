// A PrismaPg factory for the Prisma CLI only: works around three adapter-pg 6.x gaps that break offline Migrate.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { randomUUID } from "node:crypto";
import { readEnv } from "../env";

const PG_NAME_OID = 19;
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type Queryable = { performIO: (query: unknown) => Promise<{ fields?: { dataTypeID: number }[] }> };
type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;

// Introspection reads `name` and `"char"` columns, which adapter-pg 6.x cannot map (prisma/orm#27403): read them as text.
function mapCatalogTypesToText<T>(target: T): T {
  const queryable = target as unknown as Queryable;
  const performIO = queryable.performIO.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    // A multi-statement script returns one result per statement; only single results carry column types.
    for (const field of Array.isArray(result) ? [] : (result.fields ?? [])) {
      if (field.dataTypeID === PG_NAME_OID || field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
    return result;
  };
  const withTransactions = target as unknown as { startTransaction?: (...args: unknown[]) => Promise<unknown> };
  const startTransaction = withTransactions.startTransaction?.bind(target);
  if (startTransaction) {
    withTransactions.startTransaction = async (...args) => mapCatalogTypesToText(await startTransaction(...args));
  }
  return target;
}

function connectionFields(connectionString: string): pg.PoolConfig {
  const url = new URL(connectionString);
  return {
    host: url.searchParams.get("host") ?? decodeURIComponent(url.hostname),
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.slice(1)) || "postgres",
  };
}

class MigrationPgFactory extends PrismaPg {
  constructor(private readonly connectionString: string) {
    super({ connectionString });
  }

  override async connect(): Promise<Adapter> {
    return mapCatalogTypesToText(await super.connect());
  }

  // Separate fields, not a URL: with a connectionString pg lets the URL's database win over `database`.
  override async connectToShadowDb(): Promise<Adapter> {
    const fields = connectionFields(this.connectionString);
    const admin = new pg.Client(fields);
    await admin.connect();
    const database = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
    await admin.query(`CREATE DATABASE "${database}"`);
    const shadow = new PrismaPg({ ...fields, database });
    const adapter = mapCatalogTypesToText(await shadow.connect());
    const dispose = adapter.dispose.bind(adapter);
    // Drop only after the shadow pool is closed, or the drop waits on our own connections.
    adapter.dispose = async () => {
      await dispose();
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
    };
    return adapter;
  }
}

export function createMigrationAdapter(): PrismaPg {
  const { DATABASE_URL } = readEnv();
  if (!DATABASE_URL) throw new Error("DATABASE_URL is not set: the Prisma CLI needs a database (npm start sets it for you).");
  return new MigrationPgFactory(DATABASE_URL);
}
