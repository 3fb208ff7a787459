// The PostgreSQL server the tests use: 127.0.0.1:5432, database `test`, trust auth (as on the
// development and CI machines); OBSERVATORY_TEST_PG names another.
export const PG_URL = process.env.OBSERVATORY_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
