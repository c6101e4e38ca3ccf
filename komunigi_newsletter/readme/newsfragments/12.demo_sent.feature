make run sends the demo's two newsletters right after installing the demo, through a local mail sink (.local/mail, a Maildir): they are Sent, and every mail the demo sends can be read there.
