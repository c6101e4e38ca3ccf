Long work runs in the background with its progress. Invoicing the dues of more than 20
co-ops at once from *Komunigi > Members > Memberships* queues a job and opens its form
instead of keeping the page busy: a scheduled action runs the queued jobs every minute,
50 co-ops at a time, and the form shows how many co-ops are done ("120 / 480") and a
progress bar, then *Open the result* lists the invoices made. A job that stops on an
error is marked failed with its message. Coordinators find the jobs under *Komunigi >
Configuration > Jobs*.
