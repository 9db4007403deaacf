/** setupFiles of the jest project `server`: the tests of this project use the PostgreSQL server at TEST_DATABASE_URL. */
process.env.EINVOICE_TEST_DB = 'server';
