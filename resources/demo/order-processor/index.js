// Order processor: takes batches of orders from the SQS queue and from the order-events Kinesis stream,
// and reports the ones it cannot process (ReportBatchItemFailures), so only those are retried.
exports.handler = async (event) => {
  const records = event.Records || [];
  const batchItemFailures = [];
  let revenue = 0;
  for (const record of records) {
    try {
      const body = record.kinesis ? Buffer.from(record.kinesis.data, 'base64').toString('utf8') : record.body;
      const order = JSON.parse(body);
      if (!Array.isArray(order.items) || order.items.length === 0) {
        throw new Error(`order ${order.orderId ?? '?'} has no items`);
      }
      const total = order.items.reduce((sum, item) => sum + item.qty * item.unitPrice, 0);
      revenue += total;
      console.log(`order ${order.orderId}: ${order.items.length} lines, total ${total.toFixed(2)}`);
    } catch (error) {
      const id = record.messageId ?? record.kinesis.sequenceNumber;
      console.error(`record ${id} failed: ${error.message}`);
      batchItemFailures.push({ itemIdentifier: id });
    }
  }
  console.log(`batch of ${records.length}: revenue ${revenue.toFixed(2)}, ${batchItemFailures.length} failed`);
  return { batchItemFailures };
};
