-- Where a delivery's last attempt threw, down to the subscriber's code (see DeliveryRecord):
-- kept beside its error for people, as history keeps an activity's.
ALTER TABLE eventual_deliveries ADD COLUMN last_stack TEXT;
