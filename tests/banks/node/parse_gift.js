// Parse GIFT with gift-pegjs, an independent parser, for the tests of our GIFT export.
// Reads the GIFT text from standard input; prints the questions as JSON. On a syntax
// error, prints the error (with its line and column) to standard error and exits 1.
"use strict";
const { parse } = require("gift-pegjs");

let text = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  text += chunk;
});
process.stdin.on("end", () => {
  try {
    process.stdout.write(JSON.stringify(parse(text)));
  } catch (error) {
    const where = error.location
      ? `${error.location.start.line}:${error.location.start.column}: `
      : "";
    process.stderr.write(`${where}${error.message}\n`);
    process.exit(1);
  }
});
