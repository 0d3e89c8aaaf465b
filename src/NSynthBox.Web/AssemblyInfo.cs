namespace NSynthBox.Web;
