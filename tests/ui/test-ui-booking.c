/* test-ui-booking.c — (being written) */
int
main (void)
{
  return 0;
}
