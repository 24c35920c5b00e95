// A minimal Node function on the Lambda custom runtime protocol, doing the
// same first check as submit-comment: no user in the client context -> 401.
// It is the anchor of the cold-start benchmark, not part of the site.
const api = `http://${process.env.AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime`;

for (;;) {
  const next = await fetch(`${api}/invocation/next`);
  const id = next.headers.get("lambda-runtime-aws-request-id");
  const context = next.headers.get("lambda-runtime-client-context");
  await next.text();
  let user = null;
  try {
    const netlify = JSON.parse(context ?? "{}").custom?.netlify;
    user = netlify ? JSON.parse(Buffer.from(netlify, "base64").toString()).user ?? null : null;
  } catch {
    user = null;
  }
  const response = user
    ? { statusCode: 501, body: "" }
    : {
        statusCode: 401,
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify({ error: "unauthorized", message: "Log in to comment." }),
      };
  await fetch(`${api}/invocation/${id}/response`, {
    method: "POST",
    body: JSON.stringify(response),
  });
}
