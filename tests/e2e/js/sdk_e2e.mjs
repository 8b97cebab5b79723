// SPDX-License-Identifier: MIT
// The AWS SDK for JavaScript v3 against LambdaDesk: Lambda from a zip, sync/async invoke with log tail,
// SQS send/receive/delete (the SDK checks the MD5s), a mapping that consumes, Kinesis put/get, errors.
// Usage (through with_endpoint.sh): node sdk_e2e.mjs ENDPOINT_URL
import { createRequire } from "node:module";
import { deflateRawSync, crc32 } from "node:zlib";

const require = createRequire(import.meta.url);
const modules = process.env.LAMBDADESK_NODE_MODULES;
const load = (name) => require(modules ? require.resolve(name, { paths: [modules] }) : name);
const lambdaSdk = load("@aws-sdk/client-lambda");
const sqsSdk = load("@aws-sdk/client-sqs");
const kinesisSdk = load("@aws-sdk/client-kinesis");
const stsSdk = load("@aws-sdk/client-sts");

const endpoint = process.argv[process.argv.length - 1];
const config = { endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 };
const lambda = new lambdaSdk.LambdaClient(config);
const sqs = new sqsSdk.SQSClient(config);
// The Kinesis client defaults to HTTP/2 (for SubscribeToShard); the endpoint speaks HTTP/1.1, so it is
// given the HTTP/1.1 handler, as docs/user-guide.md tells users to do.
const { NodeHttpHandler } = load("@smithy/node-http-handler");
const kinesis = new kinesisSdk.KinesisClient({ ...config, requestHandler: new NodeHttpHandler() });

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

async function expectError(name, promise) {
  try {
    await promise;
  } catch (error) {
    assert(error.name === name, `expected ${name}, got ${error.name}: ${error.message}`);
    return error;
  }
  throw new Error(`expected ${name}, the call succeeded`);
}

/** A one-file zip (stored with deflate), written by hand so the test needs no zip package. */
function zipOf(name, text) {
  const data = Buffer.from(text);
  const deflated = deflateRawSync(data);
  const nameBytes = Buffer.from(name);
  const crc = crc32 ? crc32(data) : 0;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0, 6); local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc >>> 0, 14); local.writeUInt32LE(deflated.length, 18); local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(0x0314, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc >>> 0, 16); central.writeUInt32LE(deflated.length, 20); central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBytes.length, 28); central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
  const centralOffset = local.length + nameBytes.length + deflated.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12); end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, nameBytes, deflated, central, nameBytes, end]);
}

const handler = `
exports.handler = async (event, context) => {
  console.log("js says", JSON.stringify(event));
  return { got: event, name: context.functionName };
};`;

async function main() {
  assert(typeof crc32 === "function", "node's zlib.crc32 is needed (Node 20.15+)");
  // Lambda.
  const created = await lambda.send(new lambdaSdk.CreateFunctionCommand({
    FunctionName: "js-echo", Runtime: "nodejs20.x", Handler: "index.handler",
    Role: "arn:aws:iam::123456789012:role/js", Code: { ZipFile: zipOf("index.js", handler) },
  }));
  assert(created.State === "Pending", `State ${created.State}`);
  const invoked = await lambda.send(new lambdaSdk.InvokeCommand({
    FunctionName: "js-echo", Payload: Buffer.from(JSON.stringify({ n: 7 })), LogType: "Tail",
  }));
  assert(invoked.StatusCode === 200, `status ${invoked.StatusCode}`);
  const body = JSON.parse(Buffer.from(invoked.Payload).toString());
  assert(body.got.n === 7 && body.name === "js-echo", JSON.stringify(body));
  assert(Buffer.from(invoked.LogResult, "base64").toString().includes("js says"), "log tail");
  const queued = await lambda.send(new lambdaSdk.InvokeCommand({ FunctionName: "js-echo", InvocationType: "Event", Payload: Buffer.from("{}") }));
  assert(queued.StatusCode === 202, `async status ${queued.StatusCode}`);
  await expectError("ResourceNotFoundException", lambda.send(new lambdaSdk.GetFunctionCommand({ FunctionName: "nope" })));
  const listed = await lambda.send(new lambdaSdk.ListFunctionsCommand({}));
  assert(listed.Functions.length === 1, "list");

  // SQS over the JSON protocol: the SDK verifies MD5OfMessageBody and MD5OfBody itself.
  const { QueueUrl } = await sqs.send(new sqsSdk.CreateQueueCommand({ QueueName: "js-queue" }));
  await sqs.send(new sqsSdk.SendMessageCommand({
    QueueUrl, MessageBody: "héllo from js",
    MessageAttributes: { kind: { DataType: "String", StringValue: "greeting" } },
  }));
  const received = await sqs.send(new sqsSdk.ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ["All"], WaitTimeSeconds: 1 }));
  assert(received.Messages?.length === 1 && received.Messages[0].Body === "héllo from js", JSON.stringify(received));
  await sqs.send(new sqsSdk.DeleteMessageCommand({ QueueUrl, ReceiptHandle: received.Messages[0].ReceiptHandle }));
  await expectError("QueueDoesNotExist", sqs.send(new sqsSdk.GetQueueUrlCommand({ QueueName: "missing-queue" })));

  // A mapping consumes what is sent.
  const { Attributes } = await sqs.send(new sqsSdk.GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
  const mapping = await lambda.send(new lambdaSdk.CreateEventSourceMappingCommand({ FunctionName: "js-echo", EventSourceArn: Attributes.QueueArn }));
  await sqs.send(new sqsSdk.SendMessageCommand({ QueueUrl, MessageBody: "{\"job\":1}" }));
  const deadline = Date.now() + 20000;
  for (;;) {
    const { Attributes: a } = await sqs.send(new sqsSdk.GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] }));
    if (a.ApproximateNumberOfMessages === "0" && a.ApproximateNumberOfMessagesNotVisible === "0") break;
    assert(Date.now() < deadline, `the mapping did not consume: ${JSON.stringify(a)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await lambda.send(new lambdaSdk.DeleteEventSourceMappingCommand({ UUID: mapping.UUID }));

  // Kinesis.
  await kinesis.send(new kinesisSdk.CreateStreamCommand({ StreamName: "js-stream", ShardCount: 1 }));
  const put = await kinesis.send(new kinesisSdk.PutRecordCommand({ StreamName: "js-stream", PartitionKey: "k", Data: Buffer.from("record-1") }));
  const { ShardIterator } = await kinesis.send(new kinesisSdk.GetShardIteratorCommand({ StreamName: "js-stream", ShardId: put.ShardId, ShardIteratorType: "TRIM_HORIZON" }));
  const records = await kinesis.send(new kinesisSdk.GetRecordsCommand({ ShardIterator }));
  assert(records.Records.length === 1 && Buffer.from(records.Records[0].Data).toString() === "record-1", "kinesis records");
  await expectError("ResourceNotFoundException", kinesis.send(new kinesisSdk.DescribeStreamCommand({ StreamName: "missing" })));

  // STS: the account, and an assumed role's keys naming their session.
  const sts = new stsSdk.STSClient(config);
  const me = await sts.send(new stsSdk.GetCallerIdentityCommand({}));
  assert(me.Account === "123456789012" && me.Arn === "arn:aws:iam::123456789012:root", `caller ${JSON.stringify(me)}`);
  const assumed = await sts.send(new stsSdk.AssumeRoleCommand({ RoleArn: "arn:aws:iam::123456789012:role/JsRole", RoleSessionName: "js" }));
  assert(assumed.Credentials.AccessKeyId.startsWith("ASIA") && assumed.Credentials.Expiration instanceof Date, "assumed credentials");
  const asRole = new stsSdk.STSClient({ ...config, credentials: { accessKeyId: assumed.Credentials.AccessKeyId, secretAccessKey: assumed.Credentials.SecretAccessKey, sessionToken: assumed.Credentials.SessionToken } });
  const them = await asRole.send(new stsSdk.GetCallerIdentityCommand({}));
  assert(them.Arn === "arn:aws:sts::123456789012:assumed-role/JsRole/js", `assumed caller ${JSON.stringify(them)}`);

  await lambda.send(new lambdaSdk.DeleteFunctionCommand({ FunctionName: "js-echo" }));
  console.log("js sdk e2e: ok");
}

main().catch((error) => {
  console.error("js sdk e2e failed:", error);
  process.exit(1);
});
