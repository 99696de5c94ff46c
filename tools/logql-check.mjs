// Parse a batch of LogQL expressions with Grafana's official lezer grammar, in one process.
// stdin: JSON array of strings. stdout: JSON array, one entry per expression:
//   {"errors": [{"from": N, "to": N, "near": "text"}]}  (empty list: the expression parses)
// The grammar recovers from errors by inserting error nodes; each one is a parse error.
import { parser } from "@grafana/lezer-logql";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const exprs = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const results = exprs.map((expr) => {
  const errors = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) {
        errors.push({ from: node.from, to: node.to, near: expr.slice(node.from, Math.max(node.to, node.from + 20)) });
      }
    },
  });
  return { errors };
});
process.stdout.write(JSON.stringify(results) + "\n");
