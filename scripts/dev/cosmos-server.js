// Starts @zeit/cosmosdb-server (node_modules) for local work and the tests, with one fix: its point read of a missing
// document throws inside the handler and answers 500, where Azure Cosmos DB answers 404 NotFound (the
// status the product maps to "no such student"). Usage: node cosmos-server.js PORT [FAULTS_FILE]
// With FAULTS_FILE, requests are throttled as Azure Cosmos DB does when over its RU budget (429, with a short
// x-ms-retry-after-ms) while that file holds a positive number; each throttled request counts it down.
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
const fs = require("fs");
const { createHttpsServer } = require("@zeit/cosmosdb-server");
const port = Number.parseInt(process.argv[2], 10);
const faults = process.argv[3];
const server = createHttpsServer();
if (faults) {
  const handlers = server.listeners("request");
  server.removeAllListeners("request");
  server.on("request", (req, res) => {
    let left = 0;
    try { left = Number.parseInt(fs.readFileSync(faults, "utf8"), 10) || 0; } catch { left = 0; }
    if (left > 0) {
      fs.writeFileSync(faults, String(left - 1));
      req.resume();
      res.writeHead(429, { "content-type": "application/json", "x-ms-retry-after-ms": "5", "x-ms-substatus": "3200" });
      res.end(JSON.stringify({ code: "TooManyRequests", message: "Request rate is large (test throttling)" }));
      return;
    }
    for (const handler of handlers) handler.call(server, req, res);
  });
}
server.listen(port, "127.0.0.1", () => console.log(`cosmosdb-server listening on https://127.0.0.1:${port}`));
