"""Shopping cart API: API Gateway proxy events in, proxy responses out.

Carts live in memory, so a warm environment remembers them and a cold one starts empty:
invoke it a few times and watch which environment answered.
"""
import json
import os

CARTS = {}
ENVIRONMENT_STARTED_CARTS = len(CARTS)


def _response(status, body):
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body),
    }


def handler(event, context):
    params = event.get("pathParameters") or {}
    cart_id = params.get("cartId", "demo")
    method = event.get("httpMethod", "GET")
    cart = CARTS.setdefault(cart_id, [])

    if method == "POST":
        try:
            item = json.loads(event.get("body") or "{}")
        except json.JSONDecodeError as error:
            return _response(400, {"message": f"body is not JSON: {error}"})
        if "sku" not in item:
            return _response(400, {"message": "an item needs a 'sku'"})
        cart.append({"sku": item["sku"], "qty": int(item.get("qty", 1)), "unitPrice": float(item.get("unitPrice", 0))})
        print(f"cart {cart_id}: added {item['sku']} (now {len(cart)} lines)")

    return _response(200, {
        "cartId": cart_id,
        "items": cart,
        "stage": os.environ.get("STAGE"),
        "requestId": context.aws_request_id,
        "remainingMs": context.get_remaining_time_in_millis(),
    })
