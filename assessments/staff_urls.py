from assessments import campaign_urls

app_name = "assessments"

urlpatterns = [
    *campaign_urls.staff_patterns,
]
