"""What requests carry in and out: JSON body checks, request dates, ID tokens for calls between services."""
