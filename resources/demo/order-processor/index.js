// Order processor: takes an SQS batch of orders and reports the ones it cannot process
// (ReportBatchItemFailures), so only those return to the queue.
exports.handler = async (event) => {
  const records = event.Records || [];
  const batchItemFailures = [];
  let revenue = 0;
  for (const record of records) {
    try {
      const order = JSON.parse(record.body);
      if (!Array.isArray(order.items) || order.items.length === 0) {
        throw new Error(`order ${order.orderId ?? '?'} has no items`);
      }
      const total = order.items.reduce((sum, item) => sum + item.qty * item.unitPrice, 0);
      revenue += total;
      console.log(`order ${order.orderId}: ${order.items.length} lines, total ${total.toFixed(2)}`);
    } catch (error) {
      console.error(`message ${record.messageId} failed: ${error.message}`);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  console.log(`batch of ${records.length}: revenue ${revenue.toFixed(2)}, ${batchItemFailures.length} failed`);
  return { batchItemFailures };
};
