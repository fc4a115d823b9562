import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/**
 * A partner's webhook receiver, as its own process: it checks each delivery's signature with `standardwebhooks`
 * (WEBHOOK_SECRET), tells its parent what it received (IPC, before it answers), and answers 204, or 400 for a
 * signature that does not verify. ANSWER_DELAY_MS makes it slow, so that a test can kill the deliverer mid-send.
 */
const webhook = new Webhook(process.env.WEBHOOK_SECRET ?? "");
const delay = Number(process.env.ANSWER_DELAY_MS ?? 0);

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString();
    const headers = { "webhook-id": String(req.headers["webhook-id"]), "webhook-timestamp": String(req.headers["webhook-timestamp"]), "webhook-signature": String(req.headers["webhook-signature"]) };
    let verified: unknown = null;
    let problem: string | null = null;
    try {
      verified = webhook.verify(body, headers);
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    const answer = () => setTimeout(() => {
      res.statusCode = problem ? 400 : 204;
      res.end();
    }, delay);
    process.send!({ type: "delivery", id: headers["webhook-id"], headers, verified, problem }, answer);
  });
});

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  process.send!({ type: "ready", url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` });
});
