// Starts @zeit/cosmosdb-server (node_modules) for the tests, with one fix: its point read of a missing
// document throws inside the handler and answers 500, where Azure Cosmos DB answers 404 NotFound (the
// status the product maps to "no such student"). Usage: node cosmos-server.js PORT
"use strict";
const readDocument = require("@zeit/cosmosdb-server/lib/handler/read-document");
const original = readDocument.default;
readDocument.default = (account, req, res, params) => {
  try {
    return original(account, req, res, params);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    res.statusCode = 404;
    return { code: "NotFound", message: "Entity with the specified id does not exist in the system." };
  }
};
const { createHttpsServer } = require("@zeit/cosmosdb-server");
const port = Number.parseInt(process.argv[2], 10);
createHttpsServer().listen(port, "127.0.0.1", () => console.log(`cosmosdb-server listening on https://127.0.0.1:${port}`));
